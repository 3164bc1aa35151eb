using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// The treatment matrix (intent × fit → action) as the form edits it: one cell per pair, field names
/// <c>cell-{Intent}-{Fit}-{field}</c> (e.g. <c>cell-High-Strong-queuePriority</c>).
/// </summary>
public sealed class MatrixForm
{
    public const int MaxQueuePriority = 100;

    /// <summary>Rows top to bottom as the grid shows them: High intent first.</summary>
    public static readonly Intent[] Intents = [Intent.High, Intent.Medium, Intent.Low];

    /// <summary>Columns left to right: Strong fit first.</summary>
    public static readonly Fit[] Fits = [Fit.Strong, Fit.Weak];

    public IReadOnlyList<CellForm> Cells { get; private init; } = [];

    public CellForm Cell(Intent intent, Fit fit) => Cells.Single(c => c.Intent == intent && c.Fit == fit);

    public static MatrixForm From(RoutingPolicy policy) => new()
    {
        Cells =
        [
            .. from intent in Intents
               from fit in Fits
               let row = policy.Matrix.FirstOrDefault(r => r.Intent == intent && r.Fit == fit)
               select row is null
                   ? new CellForm { Intent = intent, Fit = fit, Action = TreatmentAction.Nurture, QueuePriority = 0 }
                   : new CellForm { Intent = intent, Fit = fit, Action = row.Action, Immediate = row.Immediate, SlaCap = row.SlaCap ?? "", QueuePriority = row.QueuePriority },
        ],
    };

    public FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text)
    {
        var errors = new FieldErrors();
        foreach (var cell in Cells)
        {
            SettingsFields.Range(text, errors, cell.Field("queuePriority"), cell.QueuePriority, 0, MaxQueuePriority);
            if (cell.SlaCap.Length > 0 && config.Policy.SlaPolicies.All(p => p.Name != cell.SlaCap))
            {
                errors.Add(cell.Field("slaCap"), text["Choose an SLA policy, or none."]);
            }

            if (cell.Immediate && !cell.Action.NeedsRep())
            {
                errors.Add(cell.Field("immediate"), text["Only actions that hand the lead to a rep can be immediate."]);
            }
        }

        return errors;
    }

    public static string Summary(IStringLocalizer<FormText> text) => text["treatment matrix changed"];

    public RoutingConfiguration ApplyTo(RoutingConfiguration config) =>
        config with
        {
            Policy = config.Policy with
            {
                Matrix =
                [
                    .. Cells.Select(c => new MatrixRow
                    {
                        Intent = c.Intent,
                        Fit = c.Fit,
                        Action = c.Action,
                        Immediate = c.Immediate,
                        SlaCap = c.SlaCap.Length == 0 ? null : c.SlaCap,
                        QueuePriority = c.QueuePriority!.Value,
                    }),
                ],
            },
        };

    public sealed class CellForm
    {
        public required Intent Intent { get; init; }
        public required Fit Fit { get; init; }
        public TreatmentAction Action { get; set; }
        public bool Immediate { get; set; }

        /// <summary>Empty: no cap, the source's own SLA policy applies.</summary>
        public string SlaCap { get; set; } = "";

        public int? QueuePriority { get; set; }

        public string Field(string name) => $"cell-{Intent}-{Fit}-{name}";
    }
}

/// <summary>
/// The intent rules (<c>policy.intent</c>) as the form edits them: the signal window, the rules (signal × count →
/// intent; field names <c>rule-{i}-{field}</c>) and the intent when none holds.
/// </summary>
public sealed class IntentRulesForm
{
    public const int MaxWindowDays = 3650;
    public const int MaxMinCount = 1000;

    public int? WindowDays { get; set; }
    public Intent Default { get; set; }
    public List<RuleForm> Rules { get; } = [];

    public static IntentRulesForm From(IntentPolicy policy)
    {
        var form = new IntentRulesForm { WindowDays = policy.SignalWindowDays, Default = policy.Default };
        form.Rules.AddRange(policy.Rules.Select(r => new RuleForm { Intent = r.Intent, Signal = r.Signal, MinCount = r.MinCount }));
        return form;
    }

    public FieldErrors Validate(IStringLocalizer<FormText> text)
    {
        var errors = new FieldErrors();
        SettingsFields.Range(text, errors, "windowDays", WindowDays, 1, MaxWindowDays);
        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            SettingsFields.Range(text, errors, $"rule-{i}-minCount", rule.MinCount, 1, MaxMinCount);
            if (Rules.Take(i).Any(r => r.Intent == rule.Intent && r.Signal == rule.Signal && r.MinCount == rule.MinCount))
            {
                errors.Add($"rule-{i}-signal", text["The same rule is already in the list."]);
            }
        }

        return errors;
    }

    public static string Summary(IStringLocalizer<FormText> text) => text["intent rules changed"];

    /// <summary>Rules stored highest intent first (the order they are checked in), keeping their order within an intent.</summary>
    public RoutingConfiguration ApplyTo(RoutingConfiguration config) =>
        config with
        {
            Policy = config.Policy with
            {
                Intent = config.Policy.Intent with
                {
                    SignalWindowDays = WindowDays!.Value,
                    Default = Default,
                    Rules = [.. Rules.OrderByDescending(r => r.Intent).Select(r => new IntentRule(r.Intent, r.Signal, r.MinCount!.Value))],
                },
            },
        };

    public sealed class RuleForm
    {
        public Intent Intent { get; set; } = Intent.Medium;
        public SignalType Signal { get; set; }
        public int? MinCount { get; set; } = 1;
    }
}
