using LeadRouting.Core.Configuration;
using LeadRouting.Core.Sla;
using LeadRouting.Web.Components.Shared;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// The words the Ops pages (settings, rules, playground) show for the routing's enum values, in the person's language:
/// "AeImmediate" reads "Senior AE, immediate" / "Senior AE, sofortige Reaktion" (the glossary's terms). German in
/// <c>OpsWords.de.resx</c>; a component injects <c>IStringLocalizer&lt;OpsWords&gt;</c> and calls these extensions.
/// </summary>
public sealed class OpsWords
{
    private OpsWords()
    {
    }
}

public static class OpsWordsText
{
    public static string Of(this IStringLocalizer<OpsWords> text, TreatmentAction action) => action switch
    {
        TreatmentAction.AeImmediate => text["Senior AE, immediate"],
        TreatmentAction.SdrQualify => text["SDR qualifies first"],
        TreatmentAction.SdrFastTrack => text["SDR fast track"],
        TreatmentAction.Nurture => text["Marketing nurture"],
        TreatmentAction.NurtureMonitored => text["Nurture, monitored"],
        TreatmentAction.NurtureOrDisqualify => text["Nurture or disqualify"],
        _ => action.ToString(),
    };

    /// <summary>What the treatment means, in the words of DESIGN.md §5.</summary>
    public static string MeaningOf(this IStringLocalizer<OpsWords> text, TreatmentAction action) => action switch
    {
        TreatmentAction.AeImmediate => text["straight to an AE, immediate response"],
        TreatmentAction.SdrQualify => text["an SDR qualifies first"],
        TreatmentAction.SdrFastTrack => text["SDR, accelerated: top of the queue, capped SLA"],
        TreatmentAction.Nurture => text["marketing nurture, no rep"],
        TreatmentAction.NurtureMonitored => text["nurture; re-routed when a new signal lifts intent"],
        TreatmentAction.NurtureOrDisqualify => text["nurture, or disqualified on a very weak fit"],
        _ => action.ToString(),
    };

    public static string Of(this IStringLocalizer<OpsWords> text, Intent intent) => intent switch
    {
        Intent.High => text["High"],
        Intent.Medium => text["Medium"],
        Intent.Low => text["Low"],
        _ => intent.ToString(),
    };

    public static string Of(this IStringLocalizer<OpsWords> text, Fit fit) => fit switch
    {
        Fit.Strong => text["Strong"],
        Fit.Weak => text["Weak"],
        _ => fit.ToString(),
    };

    public static string Of(this IStringLocalizer<OpsWords> text, DealTier tier) => tier switch
    {
        DealTier.Small => text["Small"],
        DealTier.MidMarket => text["Mid-Market"],
        DealTier.Enterprise => text["Enterprise"],
        _ => tier.ToString(),
    };

    public static string Of(this IStringLocalizer<OpsWords> text, Availability availability) => availability switch
    {
        Availability.Available => text["Available"],
        Availability.Away => text["Away"],
        Availability.OutOfOffice => text["Out of office"],
        _ => availability.ToString(),
    };

    public static string Of(this IStringLocalizer<OpsWords> text, SlaClockMode clock) => clock switch
    {
        SlaClockMode.AroundTheClock => text["24/7"],
        SlaClockMode.BusinessHours => text["Business hours"],
        _ => clock.ToString(),
    };

    public static string Of(this IStringLocalizer<OpsWords> text, SignalType source) => source switch
    {
        SignalType.DemoRequest => text["Demo request"],
        SignalType.ContactSales => text["Contact sales"],
        SignalType.PricingPageVisit => text["Pricing page visit"],
        SignalType.OutboundReply => text["Outbound reply"],
        SignalType.ContentDownload => text["Content download"],
        SignalType.Webinar => text["Webinar"],
        SignalType.CaseStudyView => text["Case study view"],
        SignalType.NewsletterSignup => text["Newsletter signup"],
        SignalType.EventBadgeScan => text["Event badge scan"],
        _ => source.ToString(),
    };

    /// <summary>
    /// A stage in the same words the rep's pages use (<see cref="RoutingWords"/>: <c>Converted</c> reads "Won" /
    /// "Gewonnen" everywhere), in the culture the localizer speaks.
    /// </summary>
    public static string Of(this IStringLocalizer<OpsWords> text, LeadStage stage)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RoutingWords.Say(stage, CultureInfo.CurrentUICulture);
    }

    public static string Of(this IStringLocalizer<OpsWords> text, FallbackStep step) => step switch
    {
        FallbackStep.OwnerBackup => text["owner's backup"],
        FallbackStep.SegmentPool => text["segment pool at the lead's tier"],
        FallbackStep.TeamBackupPool => text["team backup pool"],
        _ => step.ToString(),
    };

    /// <summary>"15 min" / "15 Min.", "2 business days" / "2 Werktage": an SLA's response target or escalation trigger.</summary>
    public static string Of(this IStringLocalizer<OpsWords> text, SlaDuration duration) => duration.Unit switch
    {
        DurationUnit.Minutes => text["{0} min", duration.Amount],
        DurationUnit.Hours => text["{0} h", duration.Amount],
        _ => duration.Amount == 1 ? text["1 business day"] : text["{0} business days", duration.Amount],
    };
}
