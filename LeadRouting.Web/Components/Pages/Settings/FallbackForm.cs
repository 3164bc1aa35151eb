namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// The fallback chain (<c>policy.fallback</c>) as the form edits it: every step of the fixed vocabulary, the chain's
/// steps first in their order, each switched on or off and moved up or down. The account owner before the steps and
/// Unassigned after them are not steps: they cannot be moved or switched off.
/// </summary>
public sealed class FallbackForm : ISettingsForm
{
    private readonly List<StepRow> _steps;

    private FallbackForm(List<StepRow> steps) => _steps = steps;

    public IReadOnlyList<StepRow> Steps => _steps;

    /// <summary>The steps switched on, in order: what the chain becomes when saved.</summary>
    public IReadOnlyList<FallbackStep> Chain => [.. _steps.Where(s => s.Enabled).Select(s => s.Step)];

    public string Summary => $"fallback chain: {FallbackChain.Describe(Chain)}";

    public static FallbackForm From(RoutingPolicy policy)
    {
        var chain = policy.Fallback ?? [];
        var rows = chain.Distinct().Select(s => new StepRow(s) { Enabled = true })
            .Concat(Enum.GetValues<FallbackStep>().Except(chain).Select(s => new StepRow(s)))
            .ToList();
        return new FallbackForm(rows);
    }

    public void MoveUp(int index)
    {
        if (index > 0 && index < _steps.Count)
        {
            (_steps[index - 1], _steps[index]) = (_steps[index], _steps[index - 1]);
        }
    }

    public void MoveDown(int index) => MoveUp(index + 1);

    /// <summary>Any order and any selection is a valid chain (none at all: Unassigned right after the first choice).</summary>
    public FieldErrors Validate(RoutingConfiguration config) => new();

    public RoutingConfiguration ApplyTo(RoutingConfiguration config) =>
        config with { Policy = config.Policy with { Fallback = Chain } };

    /// <summary>What each step means, as the form explains it.</summary>
    public static string Explain(FallbackStep step) => step switch
    {
        FallbackStep.OwnerBackup => "The backup rep set on the owner's rep record.",
        FallbackStep.SegmentPool =>
            "The matched segment's team, at the lead's deal tier: the tier's rep levels, then its fallback levels, picked by the tier's distribution (the SDR pool for SDR actions).",
        FallbackStep.TeamBackupPool => "The reps named in the team's backup pool (Teams & regions), by round-robin.",
        _ => "",
    };

    public sealed class StepRow(FallbackStep step)
    {
        public FallbackStep Step { get; } = step;
        public bool Enabled { get; set; }
        public string Name => char.ToUpperInvariant(FallbackChain.Describe(Step)[0]) + FallbackChain.Describe(Step)[1..];
    }
}
