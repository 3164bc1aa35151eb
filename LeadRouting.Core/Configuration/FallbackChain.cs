using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadRouting.Core.Configuration;

/// <summary>
/// A step of the fallback chain (DESIGN.md §7, issue 13): where routing looks next when the lead's first choice cannot
/// take it. The first choice is not a step: it is the account owner for a named account or customer (or the owner of
/// an account in play), the segment's own pool for every other lead. Unassigned is not a step either: it is what is
/// left when every step has been tried.
/// </summary>
public enum FallbackStep
{
    /// <summary>The owner's backup rep (<c>Rep.Backup</c>). For the acceptance window: the backup of the rep who let it lapse.</summary>
    OwnerBackup,

    /// <summary>
    /// The matched segment's team, at the lead's tier: the tier's rep levels, then its fallback levels, picked by the
    /// tier's distribution — or the SDR pool for the SDR actions, the same pool routing by segment would use.
    /// </summary>
    SegmentPool,

    /// <summary>The backup pool of the owner's team (of the segment's team for a lead routed by segment).</summary>
    TeamBackupPool,
}

public static class FallbackChain
{
    /// <summary>owner → owner's backup → segment pool at the lead's tier → team backup pool → Unassigned.</summary>
    public static IReadOnlyList<FallbackStep> Default { get; } = [FallbackStep.OwnerBackup, FallbackStep.SegmentPool, FallbackStep.TeamBackupPool];

    /// <summary>How a step reads in the trace, the settings form and the rules.</summary>
    public static string Describe(FallbackStep step) => step switch
    {
        FallbackStep.OwnerBackup => "owner's backup",
        FallbackStep.SegmentPool => "segment pool at the lead's tier",
        FallbackStep.TeamBackupPool => "team backup pool",
        _ => step.ToString(),
    };

    /// <summary>"owner's backup → segment pool at the lead's tier → team backup pool → Unassigned": what follows the first choice.</summary>
    public static string Describe(IEnumerable<FallbackStep> chain) =>
        string.Join(" → ", chain.Select(Describe).Append("Unassigned"));

    /// <summary>The problems of a chain, each naming <c>policy.fallback</c>; empty when it is usable.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<FallbackStep>? chain)
    {
        if (chain is null)
        {
            return ["policy.fallback must be a list of steps ([] for none: Unassigned right after the first choice)."];
        }

        var problems = new List<string>();
        foreach (var unknown in chain.Where(s => !Enum.IsDefined(s)).Distinct())
        {
            problems.Add($"policy.fallback: unknown step {(int)unknown} (known: {Known}).");
        }

        foreach (var twice in chain.Where(Enum.IsDefined).GroupBy(s => s).Where(g => g.Count() > 1))
        {
            problems.Add($"policy.fallback: step {twice.Key} appears {twice.Count()} times; each step may appear once.");
        }

        return problems;
    }

    internal static string Known => string.Join(", ", Enum.GetNames<FallbackStep>());
}

/// <summary>
/// Reads a step by its exact name and refuses anything else with the list of known steps, where the general enum converter
/// would name a .NET type (and accept "ownerBackup", "1" or "OwnerBackup, SegmentPool"). Registered in <see cref="ConfigurationJson"/>.
/// </summary>
internal sealed class FallbackStepConverter : JsonConverter<FallbackStep>
{
    public override FallbackStep Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        foreach (var step in Enum.GetValues<FallbackStep>())
        {
            if (string.Equals(step.ToString(), text, StringComparison.Ordinal))
            {
                return step;
            }
        }

        throw new JsonException($"'{text ?? reader.TokenType.ToString()}' is not a fallback step (known: {FallbackChain.Known}).");
    }

    public override void Write(Utf8JsonWriter writer, FallbackStep value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
