namespace LeadRouting.Web.Data;

/// <summary>Lead stages inside hand-written SQL, from the one definition in <see cref="LeadStages"/> (stages are stored as their names).</summary>
internal static class StageSql
{
    /// <summary><c>'Converted', 'Disqualified'</c>: for <c>"Stage" IN (…)</c> and <c>NOT IN (…)</c>.</summary>
    public static readonly string Closed = string.Join(", ", LeadStages.Closed.Select(s => $"'{s}'"));
}
