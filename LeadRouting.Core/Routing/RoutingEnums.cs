namespace LeadRouting.Core.Routing;

/// <summary>How strongly the prospect signals buying intent (DESIGN.md §3).</summary>
public enum Intent
{
    Low,
    Medium,
    High,
}

/// <summary>Whether the company matches the ideal customer profile (DESIGN.md §4).</summary>
public enum Fit
{
    Weak,
    Strong,
}

/// <summary>The treatment the intent × fit matrix prescribes (DESIGN.md §5).</summary>
public enum TreatmentAction
{
    AeImmediate,
    SdrQualify,
    SdrFastTrack,
    Nurture,
    NurtureMonitored,
    NurtureOrDisqualify,
}

/// <summary>Deal tier by deal size (DESIGN.md §6).</summary>
public enum DealTier
{
    Small,
    MidMarket,
    Enterprise,
}

/// <summary>Seniority of a rep, lowest first.</summary>
public enum RepLevel
{
    Sdr,
    JuniorAe,
    MidAe,
    SeniorAe,
    AccountDirector,
}

/// <summary>How a pool picks its rep.</summary>
public enum PoolDistribution
{
    WeightedRoundRobin,
    LeastLoaded,
    NamedAccount,
}

/// <summary>How the owner of this decision was found; shown to users as "distribution".</summary>
public enum DistributionMethod
{
    None,
    WeightedRoundRobin,
    LeastLoaded,
    NamedAccount,
    AccountInPlay,
    ExistingLead,
    RepBackup,
    BackupPool,
    ManualReview,
}

/// <summary>Whether a rep can take leads right now.</summary>
public enum Availability
{
    Available,
    Away,
    OutOfOffice,
}

public static class TreatmentActions
{
    /// <summary>True for the actions that hand the lead to a rep rather than to marketing nurture.</summary>
    public static bool NeedsRep(this TreatmentAction action) =>
        action is TreatmentAction.AeImmediate or TreatmentAction.SdrQualify or TreatmentAction.SdrFastTrack;

    /// <summary>The action as people write it (AE, SDR in capitals).</summary>
    public static string Describe(TreatmentAction action) => action switch
    {
        TreatmentAction.AeImmediate => "AE, immediate",
        TreatmentAction.SdrQualify => "SDR qualifies",
        TreatmentAction.SdrFastTrack => "SDR fast track",
        TreatmentAction.Nurture => "Nurture",
        TreatmentAction.NurtureMonitored => "Nurture, monitored",
        TreatmentAction.NurtureOrDisqualify => "Nurture or disqualify",
        _ => action.ToString(),
    };
}
