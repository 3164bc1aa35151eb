namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>
/// The error keys the form shows inline beyond the lead's own fields (those are <see cref="LeadRouting.Core.Leads.LeadFields"/>'
/// names, the camelCase JSON paths <see cref="LeadRouting.Core.Leads.LeadValidator"/> reports): the playground's routing
/// time and the signals' rows.
/// </summary>
public static class FieldNames
{
    public const string RouteAt = "routeAt";

    public static string SignalAt(int index) => $"{LeadRouting.Core.Leads.LeadFields.Signals.Name}[{index}].at";
}
