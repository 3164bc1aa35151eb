namespace LeadRouting.Web.Booking;

/// <summary>How an attempt to book a slot ended.</summary>
public abstract record BookingOutcome
{
    private BookingOutcome()
    {
    }

    /// <summary>The meeting is stored: the slot was the rep's to give.</summary>
    public sealed record Booked(MeetingEntity Meeting) : BookingOutcome;

    /// <summary>Another booked meeting of the rep overlaps the slot (with the buffer): somebody else was faster.</summary>
    public sealed record SlotTaken : BookingOutcome;

    /// <summary>The lead no longer exists, was erased or closed: nothing to book for.</summary>
    public sealed record LeadGone : BookingOutcome;

    /// <summary>The lead already has a booked meeting (asked with <c>onePerLead</c>): the booking API's "one lead, one active meeting".</summary>
    public sealed record LeadAlreadyBooked : BookingOutcome;

    /// <summary>Rescheduling: the lead has no booked meeting of that id (cancelled, held, another lead's, or none).</summary>
    public sealed record MeetingGone : BookingOutcome;
}

/// <summary>
/// Books meetings so that two buyers racing for one slot — or for overlapping slots of one rep — get exactly one
/// meeting (issue 20). The check ("no booked meeting of the rep overlaps [start − buffer, end + buffer)") and the insert
/// run in one write transaction that no other booking of the same rep can interleave with:
/// <list type="bullet">
/// <item>SQLite: the transaction begins <c>IMMEDIATE</c> (Microsoft.Data.Sqlite's default for
/// <c>BeginTransaction</c>), taking the database's one write lock before the check, so bookings run one after another;
/// a waiting booking waits out the busy timeout, then sees the winner's meeting.</item>
/// <item>PostgreSQL: a transaction-scoped advisory lock per rep (<c>pg_advisory_xact_lock(class, hashtext(rep))</c>) taken
/// before the check, so bookings of the same rep — from any instance of a cluster — queue on it, and bookings of other
/// reps do not wait. The lock is released by commit, rollback or a dropped connection.</item>
/// </list>
/// A partial unique index on (RepId, StartUtc) of booked meetings backs this up on both: should two identical slots
/// ever get past the check, the second insert fails as a unique violation and is answered <see cref="BookingOutcome.SlotTaken"/>.
/// </summary>
public sealed partial class BookingStore(IDbContextFactory<LeadRoutingDbContext> dbFactory, LeadRoutingStorage storage, TimeProvider time)
{
    /// <summary>
    /// The class key of the per-rep advisory locks (the two-int key space of PostgreSQL's advisory locks, apart from the
    /// app's single-bigint keys such as the routing turn).
    /// </summary>
    public const int RepLockClass = 0x4C52_424B; // "LRBK"

    /// <summary>The class key of the per-lead advisory locks of a booking with <c>onePerLead</c> (PostgreSQL).</summary>
    public const int LeadLockClass = 0x4C52_424C; // "LRBL"

    /// <summary>
    /// Books [<paramref name="start"/>, <paramref name="end"/>) with <paramref name="repId"/> for <paramref name="leadId"/>,
    /// unless a booked meeting of the rep overlaps it widened by <paramref name="buffer"/> on both sides (or, with
    /// <paramref name="onePerLead"/>, the lead already has a booked meeting). The buyer's name and email are copied from the lead.
    /// </summary>
    public async Task<BookingOutcome> TryBookAsync(
        string leadId, string repId, DateTimeOffset start, DateTimeOffset end, TimeSpan buffer, string? buyerTimeZone, CancellationToken cancellationToken,
        bool onePerLead = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        ArgumentException.ThrowIfNullOrEmpty(repId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, start);
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer, TimeSpan.Zero);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (storage.IsPostgres)
        {
            if (onePerLead)
            {
                // Pool slots (README "Booking: when the owner can't") let two requests of one lead book two reps: the
                // lead's own lock, taken first, queues them so the second sees the first's meeting.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LeadLockClass}, hashtext({leadId}))", cancellationToken);
            }

            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RepLockClass}, hashtext({repId}))", cancellationToken);
        }

        var lead = await db.Leads.AsNoTracking()
            .Where(l => l.Id == leadId && l.ErasedAt == null && l.ClosedAt == null)
            .Select(l => new { l.Email, l.FirstName, l.LastName })
            .SingleOrDefaultAsync(cancellationToken);
        if (lead is null)
        {
            return new BookingOutcome.LeadGone();
        }

        // Checked under the same lock: two requests of one lead go to its one owner, so they queue like any two bookings of that rep.
        if (onePerLead && await db.Meetings.AnyAsync(m => m.LeadId == leadId && m.Status == MeetingStatus.Booked, cancellationToken))
        {
            return new BookingOutcome.LeadAlreadyBooked();
        }

        var (from, until) = (start - buffer, end + buffer);
        var taken = await db.Meetings.AnyAsync(
            m => m.RepId == repId && m.Status == MeetingStatus.Booked && m.StartUtc < until && m.EndUtc > from, cancellationToken);
        if (taken)
        {
            return new BookingOutcome.SlotTaken();
        }

        var name = string.Join(' ', new[] { lead.FirstName, lead.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var meeting = new MeetingEntity
        {
            Id = $"mtg_{Guid.CreateVersion7(time.GetUtcNow()):N}",
            LeadId = leadId,
            RepId = repId,
            StartUtc = start.ToUniversalTime(),
            EndUtc = end.ToUniversalTime(),
            Status = MeetingStatus.Booked,
            BuyerName = name.Length > 0 ? name : null,
            BuyerEmail = lead.Email,
            BuyerTimeZone = buyerTimeZone,
            CreatedAt = time.GetUtcNow(),
            Sequence = 0,
        };
        db.Meetings.Add(meeting);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException failure) when (LeadRoutingStorage.IsUniqueViolation(failure))
        {
            return new BookingOutcome.SlotTaken();
        }

        return new BookingOutcome.Booked(meeting);
    }
}
