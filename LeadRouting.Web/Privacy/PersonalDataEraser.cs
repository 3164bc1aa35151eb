using System.Security.Cryptography;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Notifications;

namespace LeadRouting.Web.Privacy;

/// <summary>What an erasure changed, per kind of record (the answer of <c>POST /api/privacy/erase</c>).</summary>
/// <param name="Leads">Leads whose person was erased (the lead itself stays and still counts).</param>
/// <param name="Signals">The erased leads' signals: kept as they are (a type and an instant, nothing about the person), now of an anonymous lead.</param>
/// <param name="Decisions">Routing decisions whose reason or trace named the person, rewritten.</param>
/// <param name="AuditEvents">Audit events whose detail named the person, rewritten.</param>
/// <param name="Outbox">Outbox messages (notification payloads) that named the person, rewritten.</param>
/// <param name="Deliveries">Notification deliveries whose recipient or error named the person, rewritten.</param>
/// <param name="Tasks">Next-step tasks whose title named the person, rewritten.</param>
/// <param name="Touches">Logged touches whose note was removed.</param>
/// <param name="MailFiles">Files of the development mail sink about the erased leads or naming the email, deleted.</param>
/// <param name="Meetings">Booked meetings (issue 20) whose copied buyer name and email were removed; the meeting itself stays.</param>
public sealed record ErasureResult(
    int Leads, int Signals, int Decisions, int AuditEvents, int Outbox, int Deliveries, int Tasks, int Touches, int MailFiles, int Meetings = 0)
{
    public static ErasureResult None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Whether anything was changed at all.</summary>
    public bool Changed => this != None;

    public static ErasureResult operator +(ErasureResult a, ErasureResult b) => new(
        a.Leads + b.Leads, a.Signals + b.Signals, a.Decisions + b.Decisions, a.AuditEvents + b.AuditEvents, a.Outbox + b.Outbox,
        a.Deliveries + b.Deliveries, a.Tasks + b.Tasks, a.Touches + b.Touches, a.MailFiles + b.MailFiles, a.Meetings + b.Meetings);
}

/// <summary>
/// Erases people from the system of record (GDPR Art. 17) while every count stays right: a lead stays a lead — its
/// source, stage, clocks, owner, team, segment, tier, deal size and response status, which analytics counts — without
/// the person. The email becomes a random placeholder (<c>erased-…@erased.invalid</c>; not a hash, which could be
/// guessed back from a list of addresses), names, title, company and CRM id go, and the person's words are taken out of
/// the records written about the lead: decision traces, audit details, outbox payloads, deliveries, task titles; touch
/// notes are removed, and the development mail sink's messages about the lead are deleted.
/// </summary>
/// <remarks>
/// <para>Leads are erased in batches of <see cref="BatchSize"/>, each in short transactions, so neither the lead writer nor
/// anyone else waits long (retention erases closed leads through <see cref="EraseLeadsAsync"/> the same way). The lead
/// rows change through the <see cref="LeadWriter"/> — the one writer of routed state — with a version bump, so a write
/// that read a lead before is run again on the erased row; the records about a lead are scrubbed before and once more
/// after, so one written in between is caught too. Every step can be repeated: a second erasure changes nothing.</para>
/// <para>On SQLite the scrubbing connection runs with <c>secure_delete</c>, so the old text does not linger in freed
/// space of the database file.</para>
/// </remarks>
public sealed class PersonalDataEraser(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    LeadWriter writer,
    LeadRoutingStorage storage,
    IEnumerable<IEmailTransport> transports,
    TimeProvider time,
    ILogger<PersonalDataEraser> logger) : Retention.IClosedLeadEraser
{
    /// <summary>Leads per transaction: small enough that no transaction holds the database for long.</summary>
    public const int BatchSize = 50;

    /// <summary>The actor of erasures retention runs (audited like any other, with counts only).</summary>
    public const string RetentionActor = "retention";

    /// <inheritdoc/>
    public string NotErasedCondition => "\"ErasedAt\" IS NULL";

    /// <inheritdoc/>
    async Task<int> Retention.IClosedLeadEraser.EraseAsync(IReadOnlyList<string> leadIds, CancellationToken cancellationToken) =>
        (await EraseLeadsAsync(leadIds, RetentionActor, cancellationToken)).Leads;

    /// <summary>The audit event of an erasure; its detail has counts only, never the erased data.</summary>
    public const string AuditType = "PersonalDataErased";

    /// <summary>The domain of placeholder addresses (<c>.invalid</c> is reserved: mail to it goes nowhere).</summary>
    public const string PlaceholderDomain = "erased.invalid";

    /// <summary>A placeholder address that cannot be traced back to the person: 128 random bits.</summary>
    public static string PlaceholderEmail() => $"erased-{RandomNumberGenerator.GetHexString(32, lowercase: true)}@{PlaceholderDomain}";

    /// <summary>
    /// Erases the person with <paramref name="email"/> (canonical form, see <see cref="EmailAddresses.Canonical"/>) from
    /// every lead of theirs and every record that names the address, and audits it as <paramref name="actor"/> — with
    /// the counts, not the address.
    /// </summary>
    public async Task<ErasureResult> EraseByEmailAsync(string email, string actor, CancellationToken cancellationToken)
    {
        List<string> leadIds;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            leadIds = await db.Leads.AsNoTracking().Where(l => l.Email == email && l.ErasedAt == null)
                .OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(cancellationToken);
        }

        var result = await EraseBatchesAsync(leadIds, cancellationToken);

        // What names the address outside its leads: records of a lead another email owns, an import's digest, a mail.
        var addressOnly = new PersonScrubber([email]);
        result += await ScrubMentionsAsync(email, addressOnly, cancellationToken);
        result = result with { MailFiles = result.MailFiles + DeleteMailFiles([], email) };

        await AuditAsync(actor, result, cancellationToken);
        if (result.Changed)
        {
            await ForgetOldPagesAsync(cancellationToken);
        }

        logger.LogInformation("Personal data erased by {Actor}: {Result}.", actor, result);
        return result;
    }

    /// <summary>
    /// Erases the people of the leads <paramref name="leadIds"/> (already erased ones are skipped), in batches, and
    /// audits it as <paramref name="actor"/>. Retention calls this for closed leads.
    /// </summary>
    public async Task<ErasureResult> EraseLeadsAsync(IReadOnlyCollection<string> leadIds, string actor, CancellationToken cancellationToken)
    {
        var result = await EraseBatchesAsync(leadIds, cancellationToken);
        if (result.Changed)
        {
            await AuditAsync(actor, result, cancellationToken);
        }

        return result;
    }

    private async Task<ErasureResult> EraseBatchesAsync(IReadOnlyCollection<string> leadIds, CancellationToken cancellationToken)
    {
        var result = ErasureResult.None;
        foreach (var batch in leadIds.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
        {
            result += await EraseBatchAsync(batch, cancellationToken);
        }

        return result;
    }

    private async Task<ErasureResult> EraseBatchAsync(string[] ids, CancellationToken cancellationToken)
    {
        Dictionary<string, PersonScrubber> people;
        int signals;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var leads = await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id) && l.ErasedAt == null)
                .Select(l => new { l.Id, l.Email, l.FirstName, l.LastName, l.Company, l.ExternalId })
                .ToListAsync(cancellationToken);
            people = leads.ToDictionary(
                l => l.Id,
                l => new PersonScrubber([l.Email, l.FirstName, l.LastName, $"{l.FirstName} {l.LastName}", $"{l.LastName}, {l.FirstName}", l.Company, l.ExternalId]),
                StringComparer.Ordinal);
            if (people.Count == 0)
            {
                return ErasureResult.None;
            }

            var erasing = people.Keys.ToList();
            signals = await db.Signals.CountAsync(s => erasing.Contains(s.LeadId), cancellationToken);
        }

        // Records first: should anything fail after this, the lead still carries its email and a second erasure finds it.
        var records = await ScrubRecordsAsync(people, cancellationToken);

        var now = time.GetUtcNow();
        var erased = await writer.WriteAsync(session => people.Sum(person =>
        {
            // EraseContact leaves a lead erased in the meantime alone (answers 0).
            var stored = session.FindLead(person.Key);
            return stored is null ? 0 : session.EraseContact(person.Key, PlaceholderEmail(), person.Value.Text(stored.AssignmentReason), now);
        }), cancellationToken);

        // A record written about a lead between the scrub and the erasure (a routing write that read the lead before).
        records += await ScrubRecordsAsync(people, cancellationToken);
        return records with { Leads = erased, Signals = signals };
    }

    /// <summary>Scrubs the records about the leads in <paramref name="people"/>, in one short transaction; returns what changed.</summary>
    private async Task<ErasureResult> ScrubRecordsAsync(Dictionary<string, PersonScrubber> people, CancellationToken cancellationToken)
    {
        var ids = people.Keys.ToList();
        await using var db = await OpenScrubbingAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var decisions = 0;
        foreach (var decision in await db.Decisions.Where(d => ids.Contains(d.LeadId)).ToListAsync(cancellationToken))
        {
            var person = people[decision.LeadId];
            var storedTrace = StoredTrace.JsonOf(decision);
            var (reason, trace) = (person.Text(decision.Reason)!, person.Json(storedTrace));
            if (reason != decision.Reason || trace != storedTrace)
            {
                decision.Reason = reason;
                if (trace != storedTrace)
                {
                    // Written back compressed whatever form it was read in (an old row's text form is emptied).
                    StoredTrace.Store(decision, trace);
                }

                decisions++;
            }
        }

        var events = 0;
        foreach (var audit in await db.AuditEvents.Where(e => e.LeadId != null && ids.Contains(e.LeadId)).ToListAsync(cancellationToken))
        {
            var detail = people[audit.LeadId!].Text(audit.Detail)!;
            if (detail != audit.Detail)
            {
                audit.Detail = detail;
                events++;
            }
        }

        var tasks = 0;
        foreach (var task in await db.LeadTasks.Where(t => ids.Contains(t.LeadId)).ToListAsync(cancellationToken))
        {
            var title = people[task.LeadId].Text(task.Title)!;
            if (title != task.Title)
            {
                task.Title = title;
                tasks++;
            }
        }

        // A touch's note is the rep's free text about the conversation: all of it goes, not only the names in it.
        var touches = 0;
        foreach (var touch in await db.Touches.Where(t => ids.Contains(t.LeadId) && t.Note != null).ToListAsync(cancellationToken))
        {
            touch.Note = null;
            touches++;
        }

        var deliveries = 0;
        var deliveryIds = new List<long>();
        foreach (var delivery in await db.NotificationDeliveries.Where(d => ids.Contains(d.LeadId)).ToListAsync(cancellationToken))
        {
            deliveryIds.Add(delivery.Id);
            deliveries += ScrubDelivery(delivery, people[delivery.LeadId]) ? 1 : 0;
        }

        var outbox = 0;
        var messages = new List<long>();
        foreach (var (id, person) in people)
        {
            // A lead event's payload carries its lead id ("ld_" and 32 hex digits: unique, no false matches); so does an
            // import digest that lists the lead.
            foreach (var message in await db.Outbox.Where(m => m.Payload.Contains(id)).ToListAsync(cancellationToken))
            {
                messages.Add(message.Id);
                outbox += ScrubOutbox(message, person) ? 1 : 0;
            }
        }

        // Mail built from those messages (an import digest's goes to a manager under no lead of the person's) names them too.
        deliveryIds.AddRange(await db.NotificationDeliveries.Where(d => messages.Contains(d.OutboxMessageId)).Select(d => d.Id).ToListAsync(cancellationToken));

        // A booked meeting copied the buyer's name and email (issue 20): both go; rep, time and status stay and still count.
        var meetings = 0;
        foreach (var meeting in await db.Meetings.Where(m => ids.Contains(m.LeadId) && (m.BuyerName != null || m.BuyerEmail != null)).ToListAsync(cancellationToken))
        {
            (meeting.BuyerName, meeting.BuyerEmail) = (null, null);
            meetings++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ErasureResult(0, 0, decisions, events, outbox, deliveries, tasks, touches, DeleteMailFiles(deliveryIds.Distinct(), null), meetings);
    }

    /// <summary>Records not of the person's leads that still name the address: audit details, outbox payloads, deliveries.</summary>
    private async Task<ErasureResult> ScrubMentionsAsync(string email, PersonScrubber person, CancellationToken cancellationToken)
    {
        var forms = PersonScrubber.StoredForms(email).Select(f => f.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await OpenScrubbingAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (events, outbox, deliveries) = (0, 0, 0);
        foreach (var form in forms)
        {
            // Stored addresses are lower case (canonical), and so are the words searched here.
            foreach (var audit in await db.AuditEvents.Where(e => e.Detail.ToLower().Contains(form)).ToListAsync(cancellationToken))
            {
                var detail = person.Text(audit.Detail)!;
                if (detail != audit.Detail)
                {
                    audit.Detail = detail;
                    events++;
                }
            }

            foreach (var message in await db.Outbox.Where(m => m.Payload.ToLower().Contains(form)).ToListAsync(cancellationToken))
            {
                outbox += ScrubOutbox(message, person) ? 1 : 0;
            }

            foreach (var delivery in await db.NotificationDeliveries.Where(d => d.Recipient.ToLower() == form || (d.LastError != null && d.LastError.ToLower().Contains(form))).ToListAsync(cancellationToken))
            {
                deliveries += ScrubDelivery(delivery, person) ? 1 : 0;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ErasureResult.None with { AuditEvents = events, Outbox = outbox, Deliveries = deliveries };
    }

    private static bool ScrubOutbox(OutboxMessageEntity message, PersonScrubber person)
    {
        var (payload, error) = (person.Json(message.Payload), person.Text(message.LastError));
        if (payload == message.Payload && error == message.LastError)
        {
            return false;
        }

        (message.Payload, message.LastError) = (payload, error);
        return true;
    }

    private static bool ScrubDelivery(NotificationDeliveryEntity delivery, PersonScrubber person)
    {
        var (recipient, error) = (person.Text(delivery.Recipient)!, person.Text(delivery.LastError));
        if (recipient == delivery.Recipient && error == delivery.LastError)
        {
            return false;
        }

        (delivery.Recipient, delivery.LastError) = (recipient, error);
        return true;
    }

    /// <summary>
    /// A context whose connection (on SQLite) overwrites what it deletes or rewrites with zeros (<c>secure_delete</c>), so a
    /// scrubbed text is not left readable in the database file's free space.
    /// </summary>
    private async Task<LeadRoutingDbContext> OpenScrubbingAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!storage.IsPostgres)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", cancellationToken);
        }

        return db;
    }

    /// <summary>
    /// Deletes the development mail sink's messages of <paramref name="deliveryIds"/> (<c>delivery-&lt;id&gt;.eml</c>) and,
    /// with an <paramref name="email"/>, every message that contains it. No mail sink (SMTP configured): nothing to do.
    /// </summary>
    private int DeleteMailFiles(IEnumerable<long> deliveryIds, string? email)
    {
        if (transports.OfType<PickupDirectoryEmailTransport>().FirstOrDefault() is not { } sink || !Directory.Exists(sink.Directory))
        {
            return 0;
        }

        var doomed = new HashSet<string>(
            deliveryIds.Select(id => Path.Combine(sink.Directory, $"delivery-{id}.eml")).Where(File.Exists), StringComparer.Ordinal);
        if (email is not null)
        {
            foreach (var file in Directory.EnumerateFiles(sink.Directory, "*.eml"))
            {
                if (File.ReadAllText(file).Contains(email, StringComparison.OrdinalIgnoreCase))
                {
                    doomed.Add(file);
                }
            }
        }

        foreach (var file in doomed)
        {
            File.Delete(file);
        }

        return doomed.Count;
    }

    /// <summary>
    /// SQLite's write-ahead log still holds the pages as they were before the erasure until the log starts over: a
    /// TRUNCATE checkpoint copies it into the database file and empties it. It needs a moment without a write, and new
    /// writes wait while it waits, so each try waits at most <see cref="CheckpointWait"/>; when the app is too busy
    /// the old pages go with the log's next restart (the background checkpointer's job) instead.
    /// </summary>
    private async Task ForgetOldPagesAsync(CancellationToken cancellationToken)
    {
        if (storage.IsPostgres)
        {
            return;
        }

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await using var connection = storage.Open();
            await using (var wait = connection.CreateCommand())
            {
                wait.CommandText = $"PRAGMA busy_timeout = {(int)CheckpointWait.TotalMilliseconds};";
                await wait.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await using var reader = await checkpoint.ExecuteReaderAsync(cancellationToken);
                // One row: busy (1 when it could not finish), frames in the log, frames copied.
                if (await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0)
                {
                    return;
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException busy) when (busy.SqliteErrorCode == 5)
            {
                // SQLITE_BUSY: a write was in progress for the whole wait; try again.
            }
        }

        logger.LogInformation("After an erasure the SQLite log could not be emptied now (the app is busy); its old pages go with its next restart.");
    }

    /// <summary>The longest a try to empty the SQLite log waits for a moment without writes (and holds new writes back).</summary>
    public static readonly TimeSpan CheckpointWait = TimeSpan.FromMilliseconds(250);

    /// <summary>Audits the erasure with its counts only: the audit trail must not keep what was erased.</summary>
    private async Task AuditAsync(string actor, ErasureResult result, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(new AuditEventEntity
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Type = AuditType,
            Detail = $"Personal data erased: {result.Leads} lead(s); rewritten {result.Decisions} decision(s), {result.AuditEvents} audit event(s), " +
                $"{result.Outbox} outbox message(s), {result.Deliveries} deliveries, {result.Tasks} task(s), {result.Touches} touch note(s); " +
                $"{result.MailFiles} mail file(s) deleted.",
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
