using System.Text.Json;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Privacy;

/// <summary>Everything held about one person (GDPR Art. 15), the answer of <c>GET /api/privacy/export</c>.</summary>
/// <param name="Email">The address asked about, in its canonical form.</param>
/// <param name="ExportedAt">When the report was made.</param>
/// <param name="Leads">Their leads, with everything recorded about each.</param>
/// <param name="NotificationsToThem">Notifications addressed to the email itself (not about one of their leads).</param>
/// <param name="AuditEventsNamingThem">Audit events of no lead of theirs whose text contains the email.</param>
public sealed record PersonalDataReport(
    string Email,
    DateTimeOffset ExportedAt,
    IReadOnlyList<PersonLead> Leads,
    IReadOnlyList<PersonNotification> NotificationsToThem,
    IReadOnlyList<PersonAuditEvent> AuditEventsNamingThem);

public sealed record PersonLead(
    string Id,
    string? ExternalId,
    string Email,
    string? FirstName,
    string? LastName,
    string? Title,
    string? Company,
    string? CompanyDomain,
    int? Employees,
    string? Industry,
    string? Country,
    IReadOnlyList<string> TechStack,
    SignalType Source,
    decimal? EstimatedDealSize,
    DateTimeOffset ReceivedAt,
    LeadStage Stage,
    string? SegmentId,
    string? TeamId,
    string? OwnerId,
    ResponseStatus ResponseStatus,
    DateTimeOffset? ClosedAt,
    string? AssignmentReason,
    DateTimeOffset? ErasedAt,
    IReadOnlyList<PersonSignal> Signals,
    IReadOnlyList<PersonDecision> Decisions,
    IReadOnlyList<PersonAuditEvent> History,
    IReadOnlyList<PersonTask> Tasks,
    IReadOnlyList<PersonTouch> Touches,
    IReadOnlyList<PersonNotification> Notifications,
    IReadOnlyList<PersonMeeting>? Meetings = null);

/// <summary>A meeting the person booked through the lead's booking link (issue 20), with the name and email copied then.</summary>
public sealed record PersonMeeting(string Id, string RepId, DateTimeOffset StartUtc, DateTimeOffset EndUtc, MeetingStatus Status, string? BuyerName, string? BuyerEmail, string? BuyerTimeZone, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

public sealed record PersonSignal(SignalType Type, DateTimeOffset At);

/// <summary>A routing decision with its full trace as stored (JSON).</summary>
public sealed record PersonDecision(DateTimeOffset DecidedAt, string Reason, LeadStage Status, TreatmentAction Action, string? Team, string? OwnerName, JsonElement Trace);

public sealed record PersonAuditEvent(DateTimeOffset At, string Actor, string Type, string Detail);

public sealed record PersonTask(string Title, string RepId, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, DateTimeOffset? CancelledAt);

public sealed record PersonTouch(TouchKind Kind, string RepId, DateTimeOffset At, string? Note);

/// <summary>A notification about the lead (or to the person): the channel, to whom, and the message as queued.</summary>
public sealed record PersonNotification(LeadEventKind EventKind, string Channel, string Recipient, DeliveryStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, JsonElement? Message);

/// <summary>
/// Gathers everything held about the person with an email (GDPR Art. 15): their leads with contact fields, signals,
/// decisions and traces, history (audit events), tasks, touches and the notifications sent about them. An address
/// nobody has gives an empty report, not an error: "we hold nothing" is an answer too.
/// </summary>
public sealed class PersonalDataExport(IDbContextFactory<LeadRoutingDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The report for <paramref name="email"/> (canonical form, see <see cref="EmailAddresses.Canonical"/>).</summary>
    public async Task<PersonalDataReport> ExportAsync(string email, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var leads = await db.Leads.AsNoTracking().Where(l => l.Email == email).OrderBy(l => l.ReceivedAt).ToListAsync(cancellationToken);
        var ids = leads.Select(l => l.Id).ToList();

        var signals = await db.Signals.AsNoTracking().Where(s => ids.Contains(s.LeadId)).OrderBy(s => s.At).ToListAsync(cancellationToken);
        var decisions = await db.Decisions.AsNoTracking().Where(d => ids.Contains(d.LeadId)).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.LeadId != null && ids.Contains(e.LeadId)).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var tasks = await db.LeadTasks.AsNoTracking().Where(t => ids.Contains(t.LeadId)).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var touches = await db.Touches.AsNoTracking().Where(t => ids.Contains(t.LeadId)).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var meetings = await db.Meetings.AsNoTracking().Where(m => ids.Contains(m.LeadId)).OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);
        var deliveries = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => ids.Contains(d.LeadId) || d.Recipient == email)
            .Join(db.Outbox, d => d.OutboxMessageId, m => m.Id, (d, m) => new { Delivery = d, m.Payload })
            .OrderBy(r => r.Delivery.Id)
            .ToListAsync(cancellationToken);
        var mentions = await db.AuditEvents.AsNoTracking()
            .Where(e => (e.LeadId == null || !ids.Contains(e.LeadId)) && e.Detail.ToLower().Contains(email))
            .OrderBy(e => e.Id).ToListAsync(cancellationToken);

        var notifications = deliveries.Select(r => (r.Delivery.LeadId, Notification: new PersonNotification(
            r.Delivery.EventKind, r.Delivery.Channel, r.Delivery.Recipient, r.Delivery.Status, r.Delivery.CreatedAt, r.Delivery.DeliveredAt, ParsedOrNull(r.Payload)))).ToList();

        return new PersonalDataReport(
            email,
            time.GetUtcNow(),
            [.. leads.Select(l => new PersonLead(
                l.Id, l.ExternalId, l.Email, l.FirstName, l.LastName, l.Title, l.Company, l.CompanyDomain, l.Employees, l.Industry, l.Country,
                l.TechStack, l.Source, l.EstimatedDealSize, l.ReceivedAt, l.Stage, l.SegmentId, l.TeamId, l.OwnerId, l.ResponseStatus, l.ClosedAt,
                l.AssignmentReason, l.ErasedAt,
                [.. signals.Where(s => s.LeadId == l.Id).Select(s => new PersonSignal(s.Type, s.At))],
                [.. decisions.Where(d => d.LeadId == l.Id).Select(d => new PersonDecision(d.DecidedAt, d.Reason, d.Status, d.Action, d.Team, d.OwnerName, ParsedOrNull(StoredTrace.JsonOf(d)) ?? JsonSerializer.SerializeToElement(StoredTrace.JsonOf(d))))],
                [.. events.Where(e => e.LeadId == l.Id).Select(e => new PersonAuditEvent(e.At, e.Actor, e.Type, e.Detail))],
                [.. tasks.Where(t => t.LeadId == l.Id).Select(t => new PersonTask(t.Title, t.RepId, t.CreatedAt, t.DueAt, t.CompletedAt, t.CancelledAt))],
                [.. touches.Where(t => t.LeadId == l.Id).Select(t => new PersonTouch(t.Kind, t.RepId, t.At, t.Note))],
                [.. notifications.Where(n => n.LeadId == l.Id).Select(n => n.Notification)],
                [.. meetings.Where(m => m.LeadId == l.Id).Select(m => new PersonMeeting(
                    m.Id, m.RepId, m.StartUtc, m.EndUtc, m.Status, m.BuyerName, m.BuyerEmail, m.BuyerTimeZone, m.CreatedAt, m.CancelledAt))]))],
            [.. notifications.Where(n => !ids.Contains(n.LeadId)).Select(n => n.Notification)],
            [.. mentions.Select(e => new PersonAuditEvent(e.At, e.Actor, e.Type, e.Detail))]);
    }

    /// <summary>Stored JSON as JSON in the report (so it reads as data, not as an escaped string); null when it is not JSON.</summary>
    private static JsonElement? ParsedOrNull(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
