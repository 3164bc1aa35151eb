using Microsoft.Extensions.Localization;

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

    public string Summary(IStringLocalizer<FormText> text) =>
        text["fallback chain: {0}", string.Join(" → ", Chain.Select(step => Describe(step, text)).Append(text["Unassigned"]))];


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
    public FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text) => new();

    public RoutingConfiguration ApplyTo(RoutingConfiguration config) =>
        config with { Policy = config.Policy with { Fallback = Chain } };

    /// <summary>What each step means, as the form explains it.</summary>
    public static string Explain(FallbackStep step, IStringLocalizer<FormText> text) => step switch
    {
        FallbackStep.OwnerBackup => text["The backup rep set on the owner's rep record."],
        FallbackStep.SegmentPool =>
            text["The matched segment's team, at the lead's deal tier: the tier's rep levels, then its fallback levels, picked by the tier's distribution (the SDR pool for SDR actions)."],
        FallbackStep.TeamBackupPool => text["The reps named in the team's backup pool (Teams & regions), by round-robin."],
        _ => "",
    };

    /// <summary>"Owner's backup" / "Backup des Verantwortlichen": a step's name, as the form lists it.</summary>
    public static string Name(FallbackStep step, IStringLocalizer<FormText> text)
    {
        var name = Describe(step, text);
        return name.Length == 0 ? name : char.ToUpper(name[0], CultureInfo.CurrentCulture) + name[1..];
    }

    /// <summary>The step as a sentence names it (the core's <see cref="FallbackChain.Describe(FallbackStep)"/>, in the reader's language).</summary>
    public static string Describe(FallbackStep step, IStringLocalizer<FormText> text) => step switch
    {
        FallbackStep.OwnerBackup => text["owner's backup"],
        FallbackStep.SegmentPool => text["segment pool at the lead's tier"],
        FallbackStep.TeamBackupPool => text["team backup pool"],
        _ => FallbackChain.Describe(step),
    };

    public sealed class StepRow(FallbackStep step)
    {
        public FallbackStep Step { get; } = step;
        public bool Enabled { get; set; }
    }
}
