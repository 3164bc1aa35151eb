namespace LeadRouting.Web.Demo;

/// <summary>
/// How a worked lead of the demo history ends: the chance that it converts, from the three things the source article
/// says decide it. The numbers are invented, the directions are the article's, and each rule can be checked on the
/// generated data:
/// <list type="number">
/// <item><b>Base rate by treatment</b> — with a first touch within 5 minutes and a rep of the right level:
/// <c>AeImmediate</c> 25 %, <c>SdrFastTrack</c> 18 %, <c>SdrQualify</c> 12 %; anything else a rep ends up with
/// (a manual-review or unassigned lead a manager handed out) 20 %.</item>
/// <item><b>Speed to lead</b> — wall-clock time from receipt to the first touch multiplies it: ≤ 5 min ×1.0,
/// ≤ 15 min ×0.9, ≤ 1 h ×0.8, ≤ 4 h ×0.7, later ×0.6. So 100 AeImmediate leads answered at once give 25 deals, answered
/// late 15 — the article's "25 vs 15 per 100".</item>
/// <item><b>Rep level vs deal tier</b> (the article's table: Small → Junior AE or SDR, Mid-Market → Mid AE, Enterprise →
/// Senior AE or Account Director) — an Enterprise lead with a less senior rep ×0.4 ("in most cases lost entirely"),
/// a Small lead with a Senior AE or Account Director ×0.75 (wasted capacity, an annoyed buyer), any other mismatch ×0.7.</item>
/// <item><b>Contacted twice</b> — the same person arrived twice under different addresses (a work and a private one,
/// which deduplication cannot match) and two different reps worked them: both leads ×0.5.</item>
/// </list>
/// A lead that does not convert is disqualified (60 %) or handed back to marketing nurture (40 %); 30 % of the losses
/// were qualified first. Converted leads pass through Qualified.
/// </summary>
public static class DemoOutcomeModel
{
    public static double BaseRate(TreatmentAction action) => action switch
    {
        TreatmentAction.AeImmediate => 0.25,
        TreatmentAction.SdrFastTrack => 0.18,
        TreatmentAction.SdrQualify => 0.12,
        _ => 0.20,
    };

    /// <summary>The speed-to-lead factor for a first touch <paramref name="responseTime"/> after receipt.</summary>
    public static double SpeedFactor(TimeSpan responseTime) => responseTime.TotalMinutes switch
    {
        <= 5 => 1.0,
        <= 15 => 0.9,
        <= 60 => 0.8,
        <= 240 => 0.7,
        _ => 0.6,
    };

    /// <summary>Whether a rep of <paramref name="level"/> is the article's level for <paramref name="tier"/>.</summary>
    public static bool LevelFits(DealTier tier, RepLevel level) => tier switch
    {
        DealTier.Small => level is RepLevel.JuniorAe or RepLevel.Sdr,
        DealTier.MidMarket => level is RepLevel.MidAe,
        _ => level is RepLevel.SeniorAe or RepLevel.AccountDirector,
    };

    public static double LevelFactor(DealTier tier, RepLevel level) =>
        LevelFits(tier, level) ? 1.0
        : tier == DealTier.Enterprise ? 0.4
        : tier == DealTier.Small && level is RepLevel.SeniorAe or RepLevel.AccountDirector ? 0.75
        : 0.7;

    public const double ContactedTwiceFactor = 0.5;

    /// <summary>The chance to convert for a worked lead, the product of the rules above.</summary>
    public static double ConversionChance(TreatmentAction action, TimeSpan responseTime, DealTier tier, RepLevel ownerLevel, bool contactedTwice) =>
        BaseRate(action) * SpeedFactor(responseTime) * LevelFactor(tier, ownerLevel) * (contactedTwice ? ContactedTwiceFactor : 1.0);

    /// <summary>Share of non-converting leads that are disqualified; the rest go back to nurture.</summary>
    public const double DisqualifiedShareOfLosses = 0.6;

    /// <summary>Share of non-converting leads that were qualified before they were lost.</summary>
    public const double QualifiedShareOfLosses = 0.3;
}
