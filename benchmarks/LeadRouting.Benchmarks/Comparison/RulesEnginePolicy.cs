using System.Globalization;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using RulesEngine.Models;

namespace LeadRouting.Benchmarks.Comparison;

/// <summary>
/// The routing policy of a <see cref="RoutingConfiguration"/> written as Microsoft RulesEngine workflows: every
/// table of DESIGN.md §3–§7 becomes rules whose expressions are lambda-expression strings, generated from the same
/// configuration object LeadRouting compiles. "First match wins" tables (intent, size bands, matrix, tiers, SLA
/// policy, segments, distribution outcome) are one parent rule with <c>Operator = "OrElse"</c> over child rules in
/// priority order; with <see cref="NestedRuleExecutionMode.Performance"/> RulesEngine stops at the first child that
/// holds, which is its documented pattern for OR semantics across many rules.
/// </summary>
public static class RulesEnginePolicy
{
    /// <summary>Inputs: <c>lead</c> (<see cref="Lead"/>), <c>clock</c> (<see cref="RuleClock"/>).</summary>
    public const string ClassifyWorkflow = "Classify";

    /// <summary>Inputs: <c>facts</c> (<see cref="RoutingFacts"/> with intent and fit score).</summary>
    public const string TreatWorkflow = "Treat";

    /// <summary>Inputs: <c>facts</c> (<see cref="RoutingFacts"/> with action, tier and referral).</summary>
    public const string AssignWorkflow = "Assign";

    public const string IntentRule = "Intent";
    public const string SizeRule = "SizeBand";
    public const string IndustryRule = "Industry";
    public const string TechStackRule = "TechStack";
    public const string CountryRule = "Country";
    public const string TierRule = "Tier";
    public const string SlaRule = "SlaPolicy";
    public const string SegmentRule = "Segment";
    public const string MatrixRule = "Matrix";
    public const string OutcomeRule = "Outcome";

    /// <summary>The property every outcome-carrying child rule stores its result in.</summary>
    public const string ValueProperty = "value";

    /// <summary>
    /// RulesEngine's fastest settings for this workload: FastExpressionCompiler on, nested "first match" rules
    /// short-circuit, no scoped params (none are used, so no per-rule wrapper), no error-message formatting
    /// (it scans every failed rule with a regex), exceptions surfaced rather than swallowed.
    /// </summary>
    public static ReSettings Settings() => new()
    {
        UseFastExpressionCompiler = true,
        NestedRuleExecutionMode = NestedRuleExecutionMode.Performance,
        EnableScopedParams = false,
        EnableFormattedErrorMessage = false,
        EnableExceptionAsErrorMessage = false,
        IgnoreException = false,
        AutoRegisterInputType = true,
        CustomTypes = [typeof(SignalType), typeof(Intent), typeof(Fit), typeof(TreatmentAction), typeof(DealTier), typeof(Referral)],
    };

    public static Workflow[] Build(RoutingConfiguration configuration)
    {
        var policy = configuration.Policy;
        var organisation = configuration.Organisation;
        return
        [
            new Workflow
            {
                WorkflowName = ClassifyWorkflow,
                Rules =
                [
                    IntentRules(policy.Intent),
                    SizeRules(policy.Fit),
                    Leaf(IndustryRule, $"lead.Industry in ({Strings(policy.Fit.Industries.Values)})", policy.Fit.Industries.Points),
                    Leaf(TechStackRule, $"lead.TechStack.Any(t => t in ({Strings(policy.Fit.TechStack.Values)}))", policy.Fit.TechStack.Points),
                    Leaf(CountryRule, $"lead.Country in ({Strings(policy.Fit.Countries.Values)})", policy.Fit.Countries.Points),
                    TierRules(policy.Tiers),
                    SlaRules(policy.SlaPolicies),
                    SegmentRules(organisation),
                ],
            },
            new Workflow
            {
                WorkflowName = TreatWorkflow,
                Rules = [MatrixRules(policy)],
            },
            new Workflow
            {
                WorkflowName = AssignWorkflow,
                Rules = [OutcomeRules(policy)],
            },
        ];
    }

    /// <summary>DESIGN.md §3: the highest intent whose signal count in the window reaches the rule's minimum.</summary>
    private static Rule IntentRules(IntentPolicy intent) => FirstMatch(
        IntentRule,
        intent.Rules
            .OrderByDescending(r => r.Intent)
            .Select((r, i) => Leaf(
                $"{IntentRule}.{i}.{r.Intent}.{r.Signal}",
                Invariant($"lead.Signals.Count(s => s.Type == SignalType.{r.Signal} && s.At >= clock.SignalCutoff) >= {r.MinCount}"),
                r.Intent)));

    /// <summary>DESIGN.md §4: size points from the band with the highest minimum that applies.</summary>
    private static Rule SizeRules(FitPolicy fit) => FirstMatch(
        SizeRule,
        fit.EmployeeBands
            .OrderByDescending(b => b.MinEmployees)
            .Select(b => Leaf(
                Invariant($"{SizeRule}.{b.MinEmployees}"),
                Invariant($"lead.Employees != null && lead.Employees >= {b.MinEmployees}"),
                b.Points)));

    /// <summary>DESIGN.md §6: by deal size when given (first tier whose bound holds), else estimated from employees.</summary>
    private static Rule TierRules(IReadOnlyList<TierRule> tiers)
    {
        var rules = new List<Rule>();
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var bound = tier.UpTo is not { } upTo
                ? ""
                : Invariant($" && lead.EstimatedDealSize {(tier.UpToInclusive ? "<=" : "<")} {upTo}m");
            rules.Add(Leaf($"{TierRule}.{i}.{tier.Tier}.ByDealSize", $"lead.EstimatedDealSize != null{bound}", i));
        }

        // The estimate takes the largest tier whose employee minimum the company reaches.
        for (var i = tiers.Count - 1; i >= 0; i--)
        {
            rules.Add(Leaf(
                $"{TierRule}.{i}.{tiers[i].Tier}.ByEmployees",
                Invariant($"lead.Employees != null && lead.Employees >= {tiers[i].MinEmployeesForEstimate}"),
                i));
        }

        rules.Add(Leaf($"{TierRule}.0.{tiers[0].Tier}.Unknown", "true", 0));
        return FirstMatch(TierRule, rules);
    }

    /// <summary>DESIGN.md "SLA clocks": the policy that covers the lead's source.</summary>
    private static Rule SlaRules(IReadOnlyList<SlaPolicy> policies) => FirstMatch(
        SlaRule,
        policies.Select(p => Leaf($"{SlaRule}.{p.Name}", AnyOf("lead.Source", p.Sources), p)));

    /// <summary>
    /// DESIGN.md §7: one rule per segment in priority order (the order <see cref="SegmentIndex"/> evaluates them in),
    /// regions expanded to their countries exactly as the index does; the first that holds names the segment.
    /// </summary>
    private static Rule SegmentRules(Organisation organisation)
    {
        var regionCountries = organisation.Regions.ToDictionary(r => r.Code, r => r.Countries, StringComparer.OrdinalIgnoreCase);
        var ordered = organisation.Segments
            .Select((s, i) => (Segment: s, Index: i))
            .OrderBy(x => x.Segment.Priority)
            .ThenBy(x => x.Index)
            .Select(x => x.Segment);
        return FirstMatch(SegmentRule, ordered.Select(segment =>
        {
            var countries = segment.Countries
                .Concat(segment.Regions.SelectMany(r => regionCountries.TryGetValue(r, out var c) ? c : []))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            var clauses = new List<string>();
            if (countries.Count > 0)
            {
                clauses.Add($"lead.Country in ({Strings(countries)})");
            }

            if (segment.MinEmployees is not null || segment.MaxEmployees is not null)
            {
                clauses.Add("lead.Employees != null");
                if (segment.MinEmployees is { } min)
                {
                    clauses.Add(Invariant($"lead.Employees >= {min}"));
                }

                if (segment.MaxEmployees is { } max)
                {
                    clauses.Add(Invariant($"lead.Employees <= {max}"));
                }
            }

            if (segment.Industries.Count > 0)
            {
                clauses.Add($"lead.Industry in ({Strings(segment.Industries)})");
            }

            if (segment.Sources.Count > 0)
            {
                clauses.Add(AnyOf("lead.Source", segment.Sources));
            }

            var expression = clauses.Count == 0 ? "true" : string.Join(" && ", clauses);
            return Leaf($"{SegmentRule}.{segment.Id}", expression, segment);
        }));
    }

    /// <summary>DESIGN.md §5: intent × fit → treatment, with the fit threshold applied to the score.</summary>
    private static Rule MatrixRules(RoutingPolicy policy) => FirstMatch(
        MatrixRule,
        policy.Matrix.Select(row => Leaf(
            $"{MatrixRule}.{row.Intent}.{row.Fit}",
            Invariant($"facts.Intent == Intent.{row.Intent} && facts.FitScore {(row.Fit == Fit.Strong ? ">=" : "<")} {policy.Fit.StrongThreshold}"),
            row)));

    /// <summary>
    /// DESIGN.md §2.4, §5 and §6 in the engine's precedence: referral exceptions, then nurture (or disqualification),
    /// then the rep pool the action and tier call for. Which rep of the pool is C#'s job (see <see cref="RulesEngineRouter"/>).
    /// </summary>
    private static Rule OutcomeRules(RoutingPolicy policy)
    {
        var rules = new List<Rule>
        {
            Leaf($"{OutcomeRule}.ManualReview", "facts.Referral != Referral.None", Outcome.ManualReview()),
            Leaf(
                $"{OutcomeRule}.Disqualify",
                Invariant($"facts.Action == TreatmentAction.{TreatmentAction.NurtureOrDisqualify} && facts.FitScore < {policy.DisqualifyBelowFitScore}"),
                Outcome.Disqualified()),
            Leaf(
                $"{OutcomeRule}.Nurture",
                AnyOf("facts.Action", Enum.GetValues<TreatmentAction>().Where(a => !a.NeedsRep())),
                Outcome.Nurture()),
        };
        for (var i = 0; i < policy.Tiers.Count; i++)
        {
            rules.Add(Leaf(
                $"{OutcomeRule}.{TreatmentAction.AeImmediate}.{policy.Tiers[i].Tier}",
                $"facts.Action == TreatmentAction.{TreatmentAction.AeImmediate} && facts.Tier == DealTier.{policy.Tiers[i].Tier}",
                Outcome.TierPool(i, policy.Tiers[i].Distribution)));
        }

        rules.Add(Leaf($"{OutcomeRule}.Sdr", "true", Outcome.SdrPool()));
        return FirstMatch(OutcomeRule, rules);
    }

    private static Rule FirstMatch(string name, IEnumerable<Rule> children) => new()
    {
        RuleName = name,
        Operator = "OrElse",
        Rules = [.. children],
    };

    private static Rule Leaf(string name, string expression, object value) => new()
    {
        RuleName = name,
        RuleExpressionType = RuleExpressionType.LambdaExpression,
        Expression = expression,
        Properties = new Dictionary<string, object> { [ValueProperty] = value },
    };

    private static string AnyOf<T>(string member, IEnumerable<T> values) where T : struct, Enum =>
        "(" + string.Join(" || ", values.Select(v => $"{member} == {typeof(T).Name}.{v}")) + ")";

    private static string Strings(IEnumerable<string> values) =>
        string.Join(", ", values.Select(v => "\"" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The <c>clock</c> input of the Classify workflow: signals at or after the cutoff count for intent.</summary>
public sealed record RuleClock(DateTimeOffset SignalCutoff);

/// <summary>What the Classify and Treat workflows concluded, as input to the next workflow.</summary>
public sealed class RoutingFacts
{
    public Intent Intent { get; set; }
    public int FitScore { get; set; }
    public DealTier Tier { get; set; }
    public TreatmentAction Action { get; set; }
    public Referral Referral { get; set; }
}

public enum OutcomeKind
{
    ManualReview,
    Disqualified,
    Nurture,
    TierPool,
    SdrPool,
}

/// <summary>The Assign workflow's verdict: a queue, or the pool (and its distribution) a rep is picked from.</summary>
public sealed record Outcome(OutcomeKind Kind, int TierIndex, PoolDistribution Distribution)
{
    public static Outcome ManualReview() => new(OutcomeKind.ManualReview, -1, default);

    public static Outcome Disqualified() => new(OutcomeKind.Disqualified, -1, default);

    public static Outcome Nurture() => new(OutcomeKind.Nurture, -1, default);

    public static Outcome TierPool(int tierIndex, PoolDistribution distribution) => new(OutcomeKind.TierPool, tierIndex, distribution);

    public static Outcome SdrPool() => new(OutcomeKind.SdrPool, -1, PoolDistribution.WeightedRoundRobin);
}
