using System.ComponentModel.DataAnnotations;
using LeadRouting.Web.Hosting;

namespace LeadRouting.Web.Retention;

/// <summary>
/// The <c>Retention</c> settings: how long each kind of record is kept before the retention job removes it (README
/// "Retention"). A period is a .NET time span: a plain number is days (<c>30</c>), a span is <c>d.hh:mm:ss</c>
/// (<c>00:05:00</c>, five minutes, what the soak in docs/BENCHMARKS.md uses). Empty or <c>0</c> keeps that kind for
/// ever; a negative period is refused at start with its key named.
/// </summary>
public sealed class RetentionOptions : ISettingsSection
{
    public static string Section => "Retention";

    /// <summary>Off: nothing is ever removed (the periods are still validated).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Outbox messages the dispatcher has processed, counted from when they were processed.</summary>
    [NotNegative]
    public TimeSpan? ProcessedOutboxMessages { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Notification deliveries that were delivered or failed for good, counted from their last attempt.</summary>
    [NotNegative]
    public TimeSpan? NotificationDeliveries { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Audit events (lead history and settings changes); a lead's history is kept whole while the lead is open.</summary>
    [NotNegative]
    public TimeSpan? AuditEvents { get; set; } = TimeSpan.FromDays(730);

    /// <summary><c>.eml</c> files of the development mail sink, by their last-write time.</summary>
    [NotNegative]
    public TimeSpan? MailSinkFiles { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The personal data of leads closed (converted or disqualified) longer ago than this.</summary>
    [NotNegative]
    public TimeSpan? ClosedLeadsPersonalData { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Nudges sent (which keep a sweep from sending one twice), once no deadline of their lead is within the period.</summary>
    [NotNegative]
    public TimeSpan? SentNudges { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Uses of accept/decline links (which refuse a replayed link), once their lead's acceptance deadline is past the period.</summary>
    [NotNegative]
    public TimeSpan? UsedActionLinks { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows removed per statement: each batch is its own short transaction, so the writer waits milliseconds at most.</summary>
    [Range(1, 10_000, ErrorMessage = "must be 1 to 10000 rows")]
    public int BatchSize { get; set; } = 500;

    /// <summary>How often the retention job runs (a time span; default hourly).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00", ErrorMessage = "must be 10 seconds to 7 days")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The pause between two batches, on the real clock: the lead writer and the dispatcher get the database between two
    /// deletes, however long the backlog.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = "must be 0 to 10 seconds")]
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The period configured for <paramref name="kind"/>; null when that kind is kept for ever.</summary>
    public TimeSpan? PeriodOf(RetentionKind kind)
    {
        var period = kind switch
        {
            RetentionKind.ProcessedOutboxMessages => ProcessedOutboxMessages,
            RetentionKind.NotificationDeliveries => NotificationDeliveries,
            RetentionKind.AuditEvents => AuditEvents,
            RetentionKind.MailSinkFiles => MailSinkFiles,
            RetentionKind.ClosedLeadsPersonalData => ClosedLeadsPersonalData,
            RetentionKind.SentNudges => SentNudges,
            RetentionKind.UsedActionLinks => UsedActionLinks,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return period is { } p && p > TimeSpan.Zero ? p : null;
    }

    /// <summary>A retention period: zero or empty keeps for ever, a negative one is a mistake.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    private sealed class NotNegativeAttribute : ValidationAttribute
    {
        public NotNegativeAttribute()
            : base("must not be negative (0 or empty keeps for ever; a number is days, e.g. 30, or a span, e.g. 00:05:00)")
        {
        }

        public override bool IsValid(object? value) => value is not TimeSpan span || span >= TimeSpan.Zero;
    }
}

/// <summary>What the retention job removes; each kind has its own period (<see cref="RetentionOptions"/>).</summary>
public enum RetentionKind
{
    ProcessedOutboxMessages,
    NotificationDeliveries,
    AuditEvents,
    MailSinkFiles,
    ClosedLeadsPersonalData,
    SentNudges,
    UsedActionLinks,
}
