using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Web.Routing;

/// <summary>The outcome of a preview: either the routed lead and its decision, or the field errors that stopped it.</summary>
public sealed record PreviewResult
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>().AsReadOnly();

    /// <summary>The instant the lead was (or would have been) routed at.</summary>
    public required DateTimeOffset RoutedAt { get; init; }

    public Lead? Lead { get; init; }

    public RoutingDecision? Decision { get; init; }

    /// <summary>Messages per field, keyed by camelCase JSON path (<c>email</c>, <c>signals[0].at</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = NoErrors;

    public bool IsValid => Decision is not null;
}
