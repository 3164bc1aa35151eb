using LeadRouting.Web.Components.Shared;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// One SLA policy as the form edits it; <see cref="Validate"/> names every bad field, <see cref="ApplyTo"/> writes it back.
/// </summary>
/// <remarks>
/// <para>
/// Every lead source must be covered by exactly one policy, and the draft only stores documents where that holds. So a
/// source chosen here <b>moves</b> from the policy that covered it (the form says from which), and a source may only be
/// dropped when another policy takes it: otherwise moving a source between two policies could never be saved.
/// </para>
/// <para>
/// Renaming a policy <b>renames it in the treatment matrix too</b> (a row's <c>slaCap</c>), so the cap keeps pointing at
/// the same policy. Leads routed before keep the name they were routed with.
/// </para>
/// </remarks>
public sealed class SlaPolicyForm : ISettingsForm
{
    public const int MaxAmount = 10_000;

    /// <summary>The name the policy has in the document; null for a new policy.</summary>
    public string? OriginalName { get; private init; }

    public bool IsNew => OriginalName is null;

    public string Summary(IStringLocalizer<FormText> text) =>
        IsNew ? text["SLA policy {0} added", Name?.Trim() ?? ""]
        : OriginalName != Name?.Trim() ? text["SLA policy {0} renamed to {1}", OriginalName ?? "", Name?.Trim() ?? ""]
        : text["SLA policy {0} changed", OriginalName ?? ""];

    public string? Name { get; set; }

    /// <summary>In the shape MudSelect's multi-selection binds to.</summary>
    public IReadOnlyCollection<SignalType> Sources { get; set; } = [];

    public int? ResponseAmount { get; set; }
    public DurationUnit ResponseUnit { get; set; } = DurationUnit.Hours;
    public int? EscalationAmount { get; set; }
    public DurationUnit EscalationUnit { get; set; } = DurationUnit.Hours;
    public SlaClockMode Clock { get; set; } = SlaClockMode.BusinessHours;

    public static SlaPolicyForm New() => new() { ResponseAmount = 4, EscalationAmount = 8 };

    public static SlaPolicyForm From(SlaPolicy policy) => new()
    {
        OriginalName = policy.Name,
        Name = policy.Name,
        Sources = [.. policy.Sources],
        ResponseAmount = policy.ResponseTarget.Amount,
        ResponseUnit = policy.ResponseTarget.Unit,
        EscalationAmount = policy.EscalationTrigger.Amount,
        EscalationUnit = policy.EscalationTrigger.Unit,
        Clock = policy.Clock,
    };

    public FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text)
    {
        var errors = new FieldErrors();
        var others = Others(config).ToList();
        SettingsFields.Name(text, errors, "name", Name);
        if (!string.IsNullOrWhiteSpace(Name) && others.Any(p => string.Equals(p.Name, Name.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("name", text["Another policy is called '{0}'.", Name.Trim()]);
        }

        if (Sources.Count == 0)
        {
            errors.Add("sources", text["Choose the lead sources this policy covers."]);
        }
        else if (Dropped(config).Where(s => others.All(p => !p.Sources.Contains(s))).ToList() is { Count: > 0 } orphaned)
        {
            var sources = string.Join(", ", orphaned.Select(s => RoutingWords.Say(s, CultureInfo.CurrentUICulture)));
            errors.Add("sources", orphaned.Count == 1
                ? text["{0} would be covered by no policy. Add it to another policy instead: it moves there from here.", sources]
                : text["{0} would be covered by no policy. Add them to another policy instead: they move there from here.", sources]);
        }

        SettingsFields.Range(text, errors, "responseTarget", ResponseAmount, 1, MaxAmount);
        SettingsFields.Range(text, errors, "escalationTrigger", EscalationAmount, 1, MaxAmount);
        return errors;
    }

    /// <summary>The sources this edit takes from other policies, with the policy each comes from.</summary>
    public IReadOnlyList<(SignalType Source, string From)> Moves(RoutingConfiguration config) =>
        [.. Sources.Order().SelectMany(s => Others(config).Where(p => p.Sources.Contains(s)).Select(p => (s, p.Name)))];

    /// <summary>
    /// The configuration with this policy added (new) or replaced (existing, in place), the sources it takes removed from
    /// the others, and a rename carried into the treatment matrix.
    /// </summary>
    public RoutingConfiguration ApplyTo(RoutingConfiguration config)
    {
        var name = Name!.Trim();
        var sources = Sources.Distinct().Order().ToList();
        var policy = new SlaPolicy
        {
            Name = name,
            Sources = sources,
            ResponseTarget = new SlaDuration(ResponseAmount!.Value, ResponseUnit),
            EscalationTrigger = new SlaDuration(EscalationAmount!.Value, EscalationUnit),
            Clock = Clock,
        };
        var policies = config.Policy.SlaPolicies
            .Select(p => p.Name == OriginalName ? policy : p with { Sources = [.. p.Sources.Where(s => !sources.Contains(s))] })
            .ToList();
        if (IsNew)
        {
            policies.Add(policy);
        }

        var matrix = OriginalName is { } original && original != name
            ? config.Policy.Matrix.Select(row => row.SlaCap == original ? row with { SlaCap = name } : row).ToList()
            : config.Policy.Matrix;
        return config with { Policy = config.Policy with { SlaPolicies = policies, Matrix = matrix } };
    }

    /// <summary>The sources each policy would cover with this edit applied, to show coverage before saving.</summary>
    public IEnumerable<IReadOnlyCollection<SignalType>> SourcesAfter(RoutingConfiguration config)
    {
        var others = Others(config).Select(p => (IReadOnlyCollection<SignalType>)[.. p.Sources.Where(s => !Sources.Contains(s))]);
        return [.. others, Sources];
    }

    /// <summary>Sources no policy covers and sources more than one covers; both empty when the policies are complete.</summary>
    public static SlaCoverage Coverage(IEnumerable<IReadOnlyCollection<SignalType>> policySources)
    {
        var counts = Enum.GetValues<SignalType>().ToDictionary(s => s, _ => 0);
        foreach (var source in policySources.SelectMany(s => s.Distinct()))
        {
            counts[source]++;
        }

        return new SlaCoverage([.. counts.Where(c => c.Value == 0).Select(c => c.Key)], [.. counts.Where(c => c.Value > 1).Select(c => c.Key)]);
    }

    public static string Deleted(IStringLocalizer<FormText> text, string name) => text["SLA policy {0} deleted", name];

    /// <summary>The document without the policy, or why it must stay: the sources only it covers, the matrix rows capped at it.</summary>
    public static ItemDeletion Delete(RoutingConfiguration config, SlaPolicy policy, IStringLocalizer<FormText> text) =>
        ItemDeletion.Unless(
            DeleteBlocker(config, policy, text),
            () => config with { Policy = config.Policy with { SlaPolicies = [.. config.Policy.SlaPolicies.Where(p => p.Name != policy.Name)] } });

    private static string? DeleteBlocker(RoutingConfiguration config, SlaPolicy policy, IStringLocalizer<FormText> text)
    {
        var culture = CultureInfo.CurrentUICulture;
        var problems = new List<string>();
        if (policy.Sources.Count > 0)
        {
            problems.Add(text["it covers {0}: add those to other policies first (they move there)", string.Join(", ", policy.Sources.Select(s => RoutingWords.Say(s, culture)))]);
        }

        var capped = config.Policy.Matrix.Where(r => r.SlaCap == policy.Name)
            .Select(r => text["{0} intent × {1} fit", RoutingWords.Say(r.Intent, culture), RoutingWords.Say(r.Fit, culture)].Value)
            .ToList();
        if (capped.Count > 0)
        {
            problems.Add(text["the treatment matrix caps {0} at it: change the cap there first", string.Join(", ", capped)]);
        }

        return problems.Count == 0 ? null : text["SLA policy {0} cannot be deleted: {1}.", policy.Name, string.Join("; ", problems)].Value;
    }

    private IEnumerable<SlaPolicy> Others(RoutingConfiguration config) =>
        config.Policy.SlaPolicies.Where(p => OriginalName is null || p.Name != OriginalName);

    private IEnumerable<SignalType> Dropped(RoutingConfiguration config) =>
        config.Policy.SlaPolicies.FirstOrDefault(p => p.Name == OriginalName)?.Sources.Where(s => !Sources.Contains(s)) ?? [];
}

/// <summary>Which lead sources no SLA policy covers, and which more than one covers.</summary>
public sealed record SlaCoverage(IReadOnlyList<SignalType> Uncovered, IReadOnlyList<SignalType> DoubleCovered)
{
    public bool IsComplete => Uncovered.Count == 0 && DoubleCovered.Count == 0;
}
