using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// The ICP fit score (<c>policy.fit</c>) and the disqualify-below score as the form edits them. Field names are
/// <c>strongThreshold</c>, <c>disqualifyBelow</c>, <c>bands</c>, <c>band-{i}-min</c>, <c>band-{i}-points</c> and
/// <c>{criterion}-points</c> / <c>{criterion}-values</c> for industries, techStack and countries.
/// </summary>
public sealed class ScoringForm
{
    public const int MaxPoints = 100;
    public const int MaxEmployees = 10_000_000;

    public int? StrongThreshold { get; set; }
    public int? DisqualifyBelow { get; set; }
    public List<BandForm> Bands { get; } = [];
    public CriterionForm Industries { get; } = new("industries", "Industry");
    public CriterionForm TechStack { get; } = new("techStack", "Tech stack");
    public CriterionForm Countries { get; } = new("countries", "Country");

    public IEnumerable<CriterionForm> Criteria => [Industries, TechStack, Countries];

    /// <summary>The best score a lead can reach: the richest band plus every criterion that names a value (capped at 100 like the scorer).</summary>
    public int MaxReachable => Math.Min(MaxPoints, UncappedMax);

    /// <summary>The sum before the scorer's cap, to tell Ops when points are wasted above 100.</summary>
    public int UncappedMax =>
        Bands.Select(b => Math.Max(0, b.Points ?? 0)).DefaultIfEmpty(0).Max() +
        Criteria.Where(c => c.ValueList.Count > 0).Sum(c => Math.Max(0, c.Points ?? 0));

    public bool StrongUnreachable => StrongThreshold is { } threshold && threshold > MaxReachable;

    public static ScoringForm From(RoutingPolicy policy)
    {
        var form = new ScoringForm { StrongThreshold = policy.Fit.StrongThreshold, DisqualifyBelow = policy.DisqualifyBelowFitScore };
        form.Bands.AddRange(policy.Fit.EmployeeBands.OrderBy(b => b.MinEmployees).Select(b => new BandForm { MinEmployees = b.MinEmployees, Points = b.Points }));
        form.Industries.Load(policy.Fit.Industries);
        form.TechStack.Load(policy.Fit.TechStack);
        form.Countries.Load(policy.Fit.Countries);
        return form;
    }

    public FieldErrors Validate(IStringLocalizer<FormText> text)
    {
        var errors = new FieldErrors();
        SettingsFields.Range(text, errors, "strongThreshold", StrongThreshold, 0, MaxPoints);
        SettingsFields.Range(text, errors, "disqualifyBelow", DisqualifyBelow, 0, MaxPoints);
        if (Bands.Count == 0)
        {
            errors.Add("bands", text["Add a band; one must start at 0 employees."]);
        }
        else if (Bands.All(b => b.MinEmployees != 0))
        {
            errors.Add("bands", text["One band must start at 0 employees, so every company size gets points."]);
        }

        for (var i = 0; i < Bands.Count; i++)
        {
            var band = Bands[i];
            SettingsFields.Range(text, errors, $"band-{i}-min", band.MinEmployees, 0, MaxEmployees);
            SettingsFields.Range(text, errors, $"band-{i}-points", band.Points, 0, MaxPoints);
            if (band.MinEmployees is { } min && Bands.Take(i).Any(b => b.MinEmployees == min) && !errors.Contains($"band-{i}-min"))
            {
                errors.Add($"band-{i}-min", text["Another band already starts at {0:N0}.", min]);
            }
        }

        foreach (var criterion in Criteria)
        {
            SettingsFields.Range(text, errors, $"{criterion.Key}-points", criterion.Points, 0, MaxPoints);
            SettingsFields.List(text, errors, $"{criterion.Key}-values", criterion.Values);
        }

        SettingsFields.Countries(text, errors, "countries-values", Countries.Values);
        return errors;
    }

    public static string Summary(IStringLocalizer<FormText> text) => text["ICP scoring changed"];

    public RoutingConfiguration ApplyTo(RoutingConfiguration config)
    {
        var policy = config.Policy;
        var fit = policy.Fit with
        {
            StrongThreshold = StrongThreshold!.Value,
            EmployeeBands = [.. Bands.OrderByDescending(b => b.MinEmployees).Select(b => new EmployeeBand(b.MinEmployees!.Value, b.Points!.Value))],
            Industries = Industries.ToCriterion(),
            TechStack = TechStack.ToCriterion(),
            Countries = new FitCriterion(Countries.Points!.Value, [.. Countries.ValueList.Select(c => c.ToUpperInvariant())]),
        };
        return config with { Policy = policy with { Fit = fit, DisqualifyBelowFitScore = DisqualifyBelow!.Value } };
    }

    public sealed class BandForm
    {
        public int? MinEmployees { get; set; }
        public int? Points { get; set; }
    }

    /// <summary>Points awarded when the lead's value is one of <see cref="Values"/> (comma-separated).</summary>
    public sealed class CriterionForm(string key, string label)
    {
        public string Key { get; } = key;
        public string Label { get; } = label;
        public int? Points { get; set; }
        public string? Values { get; set; }

        public IReadOnlyList<string> ValueList => SettingsFields.SplitList(Values);

        internal void Load(FitCriterion criterion)
        {
            Points = criterion.Points;
            Values = SettingsFields.JoinList(criterion.Values);
        }

        internal FitCriterion ToCriterion() => new(Points!.Value, ValueList);
    }
}
