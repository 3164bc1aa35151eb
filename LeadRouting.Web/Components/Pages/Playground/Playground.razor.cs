using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Playground;

public sealed partial class Playground
{
    /// <summary>Text fields route this long after the last keystroke, so typing stays smooth.</summary>
    internal const int DebounceMilliseconds = 250;

    private static readonly SignalType[] SignalTypes = Enum.GetValues<SignalType>();
    private static readonly Referral[] Referrals = Enum.GetValues<Referral>();

    private PlaygroundViewModel _model = null!;

    /// <summary>The published version's currency, the unit of the deal size field.</summary>
    private string _currency = CurrencyCodes.Default;

    [Inject]
    public required PreviewService Preview { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IStringLocalizer<DecisionView> DecisionWords { get; init; }

    [Inject]
    public required IStringLocalizer<OpsWords> OpsWords { get; init; }

    [Inject]
    public required IStringLocalizer<SharedText> SharedWords { get; init; }

    /// <summary>Exposed for tests: the state behind the page.</summary>
    internal PlaygroundViewModel Model => _model;

    protected override async Task OnInitializedAsync()
    {
        // The decision speaks the page's language; the form starts in the person's own zone (the layout's footer names it).
        _model = new PlaygroundViewModel(Preview, new DecisionText(DecisionWords, OpsWords, SharedWords, Time, Format.Culture));
        await _model.InitializeAsync(CancellationToken.None, Format.Zone);
        try
        {
            _currency = (await Preview.PublishedAsync(CancellationToken.None)).Engine.Configuration.Policy.Currency;
        }
        catch (NoPublishedConfigurationException)
        {
            // Nothing routes without a published version; the model already says so, and the label keeps the default.
        }
    }

    private string SignalName(SignalType type) => RoutingWords.Say(type, Format.Culture);

    private string ReferralName(Referral referral) => RoutingWords.Say(referral, Format.Culture);

    /// <summary>A preset's name or description (<c>LeadPresets.json</c>) in the page's language.</summary>
    internal string Say(string presetText) => presetText switch
    {
        "Demo request, DACH mid-market" => T["Demo request, DACH mid-market"],
        "High intent, strong fit, a €30k deal (Mid-Market): the least-loaded available mid-level AE of the segment's team."
            => T["High intent, strong fit, a €30k deal (Mid-Market): the least-loaded available mid-level AE of the segment's team."],
        "Enterprise named account" => T["Enterprise named account"],
        "An enterprise contact from contoso.de: if that is a named account, its owner keeps it, whatever the rules say."
            => T["An enterprise contact from contoso.de: if that is a named account, its owner keeps it, whatever the rules say."],
        "VIP referral" => T["VIP referral"],
        "VIP and executive introductions go to the manual review queue; the region manager is told."
            => T["VIP and executive introductions go to the manual review queue; the region manager is told."],
        "Newsletter, weak fit" => T["Newsletter, weak fit"],
        "Low intent from a tiny company on a free-mail address: fit score under 20, disqualified."
            => T["Low intent from a tiny company on a free-mail address: fit score under 20, disqualified."],
        "Webinar + case study, UK fintech" => T["Webinar + case study, UK fintech"],
        "Medium intent, strong fit: SDR fast track, top of the queue with the 4 h SLA."
            => T["Medium intent, strong fit: SDR fast track, top of the queue with the 4 h SLA."],
        "Pricing visit, small US shop" => T["Pricing visit, small US shop"],
        "Small deal tier: weighted round-robin over the segment team's junior AEs who are in working hours."
            => T["Small deal tier: weighted round-robin over the segment team's junior AEs who are in working hours."],
        "Demo request, Friday 17:55 Berlin" => T["Demo request, Friday 17:55 Berlin"],
        "Five minutes before closing: the 15-minute SLA runs on business time and ends Monday 09:10."
            => T["Five minutes before closing: the 15-minute SLA runs on business time and ends Monday 09:10."],
        _ => presetText,
    };

    private Task Recompute() => _model.RecomputeAsync();

    private Task ApplyPreset(LeadPreset preset) => _model.ApplyPresetAsync(preset);

    private Task RouteNow() => _model.RouteNowAsync();

    private Task AddSignal() => _model.AddSignalAsync();

    private Task RemoveSignal(SignalRow signal) => _model.RemoveSignalAsync(signal);
}
