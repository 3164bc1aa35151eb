using LeadRouting.Core.Booking;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Booking;

/// <summary>What <see cref="BookingSlots.ForLeadAsync"/> found for a lead.</summary>
public abstract record BookingSlotsResult
{
    private BookingSlotsResult()
    {
    }

    /// <summary>The owner's free slots under the published <paramref name="Policy"/> (possibly none).</summary>
    /// <remarks>
    /// <paramref name="RepId"/> is the lead's owner. When the owner can't (no free slot in the window, or out of office
    /// now) the slots include those of equally eligible reps of the lead's pool (README "Booking: when the owner can't"),
    /// each with its own <see cref="Slot.RepId"/>, and <see cref="Pool"/> names the pool.
    /// </remarks>
    public sealed record Found(string LeadId, RepId RepId, BookingPolicy Policy, IReadOnlyList<Slot> Slots) : BookingSlotsResult
    {
        /// <summary>The lead's pool when pool slots were offered; null when only the owner's slots are.</summary>
        public BookingPool? Pool { get; init; }
    }

    /// <summary>The lead does not exist any more, was erased or is closed: nothing to book for.</summary>
    public sealed record LeadGone : BookingSlotsResult;

    /// <summary>
    /// Nobody to book with: the lead has no owner (yet), its owner is not in the published configuration, or booking is
    /// switched off (<c>policy.booking.bookableTreatments</c> empty). <paramref name="Reason"/> says which, in English.
    /// </summary>
    public sealed record NotBookable(string Reason) : BookingSlotsResult;
}

/// <summary>
/// The free slots a booking link offers (issue 20): the link's lead → its current owner → the owner's
/// <see cref="RepAvailability"/> → <see cref="SlotFinder.FreeSlots(RepAvailability, BookingPolicy, DateTimeOffset, DateTimeOffset, int?)"/>
/// with the published booking policy. The same answer feeds the slots API, the booking page and the check of a booking.
/// </summary>
/// <remarks>
/// The availability is read fresh on every call (one small query each): the rep's calendar (the rep's own, else the
/// team's, as routing compiles it), out-of-office from the rep's live state (<c>OutOfOfficeUntil</c> after now →
/// [now, until); out of office without an end → the next two years), the rep's booked meetings, and the busy times the
/// calendar feed refresh stored (<c>RepCalendarFeeds.BusyJson</c>; parsed there once per refresh, never here).
/// </remarks>
public sealed class BookingSlots(IDbContextFactory<LeadRoutingDbContext> dbFactory, ConfigurationStore configurations, TimeProvider time)
{
    /// <summary>How far ahead of now an indefinite absence (out of office without an end) blocks.</summary>
    public static readonly TimeSpan IndefiniteAbsence = TimeSpan.FromDays(730);

    /// <summary>The published booking policy.</summary>
    public async Task<BookingPolicy> PolicyAsync(CancellationToken cancellationToken) =>
        (await configurations.CurrentAsync(cancellationToken)).Engine.Configuration.Policy.Booking;

    /// <summary>
    /// The free slots of <paramref name="leadId"/>'s owner starting at or after <paramref name="from"/> (now when null)
    /// over <paramref name="businessDays"/> working days (the policy's horizon when null; 1 to
    /// <see cref="BookingPolicy.MaxHorizonBusinessDays"/>). <paramref name="exceptMeetingId"/> (rescheduling) is a booked
    /// meeting whose own time counts as free.
    /// </summary>
    public async Task<BookingSlotsResult> ForLeadAsync(
        string leadId, DateTimeOffset? from, int? businessDays, CancellationToken cancellationToken, string? exceptMeetingId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking()
            .Where(l => l.Id == leadId && l.ErasedAt == null && l.ClosedAt == null)
            .Select(l => new { l.OwnerId, l.TeamId, l.Action, l.PassedOnBy })
            .SingleOrDefaultAsync(cancellationToken);
        if (lead is null)
        {
            return new BookingSlotsResult.LeadGone();
        }

        var published = await configurations.CurrentAsync(cancellationToken);
        var policy = published.Engine.Configuration.Policy.Booking;
        if (policy.BookableTreatments.Count == 0)
        {
            return new BookingSlotsResult.NotBookable("Booking is switched off (no bookable treatments in the published policy).");
        }

        if (string.IsNullOrEmpty(lead.OwnerId))
        {
            return new BookingSlotsResult.NotBookable("The lead has no owner to book with.");
        }

        if (published.Engine.Organisation.FindRep(new RepId(lead.OwnerId)) is not { } owner)
        {
            return new BookingSlotsResult.NotBookable("The lead's owner is not in the published configuration.");
        }

        // Meetings ending before the earliest start (less the largest buffer) cannot touch a slot.
        var earliest = (from is { } f && f > now ? f : now) - TimeSpan.FromDays(1);
        var ownerTime = (await AvailabilityAsync(db, [owner], now, earliest, exceptMeetingId, cancellationToken))[0];
        var slots = SlotFinder.FreeSlots(ownerTime.Availability, policy, from ?? now, now, businessDays);
        if (slots.Count > 0 && !ownerTime.AbsentNow)
        {
            return new BookingSlotsResult.Found(leadId, owner.Id, policy, slots);
        }

        // The owner can't: the slots of the equally eligible reps of the lead's pool, one rep per start (the owner's
        // own slot first, then the pool's fairness order).
        var row = new PoolLead(leadId, lead.TeamId, lead.Action, lead.PassedOnBy);
        if (await PoolAsync(db, published, row, owner, cancellationToken) is not { } pool)
        {
            return new BookingSlotsResult.Found(leadId, owner.Id, policy, slots);
        }

        var candidates = await AvailabilityAsync(db, pool.Candidates, now, earliest, exceptMeetingId, cancellationToken);
        var merged = SlotFinder.FreeSlots([ownerTime.Availability, .. candidates.Select(c => c.Availability)], policy, from ?? now, now, businessDays)
            .DistinctBy(s => s.Start)
            .ToList();
        return new BookingSlotsResult.Found(leadId, owner.Id, policy, merged) { Pool = pool.Pool };
    }

    /// <summary>
    /// For a booked meeting whose rep is absent (<see cref="MeetingReassignment"/>): the first equally eligible rep of the
    /// lead's pool, in the pool's fairness order, with a free slot starting exactly at <paramref name="start"/> (the
    /// meeting itself and the minimum notice left aside); null when nobody is free then, the pool is unknown, or the
    /// lead is gone.
    /// </summary>
    public async Task<(RepId Rep, BookingPool Pool)?> FreePoolRepAtAsync(
        string leadId, string absentRepId, DateTimeOffset start, string meetingId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking()
            .Where(l => l.Id == leadId && l.ErasedAt == null && l.ClosedAt == null)
            .Select(l => new PoolLead(l.Id, l.TeamId, l.Action, l.PassedOnBy))
            .SingleOrDefaultAsync(cancellationToken);
        var published = await configurations.CurrentAsync(cancellationToken);
        if (lead is null || published.Engine.Organisation.FindRep(new RepId(absentRepId)) is not { } absent
            || await PoolAsync(db, published, lead, absent, cancellationToken) is not { } pool)
        {
            return null;
        }

        var policy = published.Engine.Configuration.Policy.Booking;
        var candidates = await AvailabilityAsync(db, pool.Candidates, now, start - TimeSpan.FromDays(1), meetingId, cancellationToken);
        var notice = start - policy.MinimumNotice < now ? start - policy.MinimumNotice : now;
        foreach (var candidate in candidates)
        {
            if (SlotFinder.FreeSlots(candidate.Availability, policy, start, notice, 1).Any(s => s.Start == start))
            {
                return (candidate.Availability.RepId, pool.Pool);
            }
        }

        return null;
    }

    /// <summary>What the pool of a lead is resolved from.</summary>
    private sealed record PoolLead(string Id, string? TeamId, TreatmentAction Action, List<string> PassedOnBy);

    /// <summary>One rep's time: calendar, absences, meetings, feed busy times; and whether they are out of office now.</summary>
    private sealed record RepTime(RepAvailability Availability, bool AbsentNow);

    /// <summary>
    /// The lead's pool and its equally eligible reps besides <paramref name="owner"/>, in fairness order (README
    /// "Booking: when the owner can't"): the pool is the one of the lead's round-robin pick (<c>PoolPicks</c>), else the
    /// pool of the lead's team its treatment draws from that holds the owner (the SDR pool for SDR treatments, else the
    /// tier's primary, then fallback pool), else the team's backup pool if it holds the owner. Eligible are its
    /// other members who are active, not away, below capacity and did not pass the lead on; out of office counts per slot.
    /// </summary>
    private static async Task<(BookingPool Pool, IReadOnlyList<RepInfo> Candidates)?> PoolAsync(
        LeadRoutingDbContext db, PublishedConfiguration published, PoolLead lead, RepInfo owner, CancellationToken cancellationToken)
    {
        var organisation = published.Engine.Organisation;
        var pick = await db.PoolPicks.AsNoTracking().Where(p => p.LeadId == lead.Id).OrderByDescending(p => p.Id)
            .Select(p => new { p.PoolKey, p.RepId }).FirstOrDefaultAsync(cancellationToken);
        (RepPool Pool, bool RoundRobin)? found = null;
        if (pick is not null)
        {
            found = organisation.Teams
                .SelectMany(t => new[] { t.SdrPool, t.BackupPool }.Concat(t.TierPools.SelectMany(p => p.Fallback is null ? [p.Primary] : new[] { p.Primary, p.Fallback })))
                .Where(p => p.Key == pick.PoolKey)
                .Select(p => ((RepPool, bool)?)(p, true))
                .FirstOrDefault();
        }

        var team = (lead.TeamId is { } teamId ? organisation.FindTeam(new TeamId(teamId)) : null) ?? owner.Team;
        if (found is null && team is not null)
        {
            var policy = published.Engine.Configuration.Policy;
            var tierIndex = -1;
            if (lead.Action is not (TreatmentAction.SdrQualify or TreatmentAction.SdrFastTrack))
            {
                var tier = await db.Leads.AsNoTracking().Where(l => l.Id == lead.Id).Select(l => l.Tier).SingleAsync(cancellationToken);
                tierIndex = policy.Tiers.ToList().FindIndex(t => t.Tier == tier);
            }

            var options = new List<(RepPool, bool)>();
            if (tierIndex < 0)
            {
                options.Add((team.SdrPool, true));
            }
            else if (tierIndex < team.TierPools.Count)
            {
                var roundRobin = policy.Tiers[tierIndex].Distribution != PoolDistribution.LeastLoaded;
                options.Add((team.TierPools[tierIndex].Primary, roundRobin));
                if (team.TierPools[tierIndex].Fallback is { } fallback)
                {
                    options.Add((fallback, roundRobin));
                }
            }

            options.Add((team.BackupPool, true));
            found = options.Where(o => o.Item1.Reps.Any(r => r.Id == owner.Id)).Select(o => ((RepPool, bool)?)o).FirstOrDefault();
        }

        if (found is not { } resolved)
        {
            return null;
        }

        var (pool, isRoundRobin) = resolved;
        var ids = pool.Reps.Select(r => r.Id.Value).ToList();
        var states = await db.RepStates.AsNoTracking().Where(s => ids.Contains(s.RepId))
            .ToDictionaryAsync(s => s.RepId, s => new RepStatus(s.Availability, s.OutOfOfficeUntil, s.OpenLeads), StringComparer.Ordinal, cancellationToken);
        var passes = await db.RoundRobinPasses.AsNoTracking().Where(p => p.PoolKey == pool.Key)
            .ToDictionaryAsync(p => p.RepId, p => p.Pass, StringComparer.Ordinal, cancellationToken);
        var virtualTime = await db.RoundRobinPools.AsNoTracking().Where(p => p.PoolKey == pool.Key).Select(p => (long?)p.VirtualTime).SingleOrDefaultAsync(cancellationToken) ?? 0;
        var makeUp = await db.PoolSettings.AsNoTracking().Where(p => p.PoolKey == pool.Key).Select(p => (MakeUpPolicy?)p.MakeUp).SingleOrDefaultAsync(cancellationToken) ?? MakeUpPolicy.None;
        var candidates = pool.Reps
            .Select((rep, index) => (rep, index, status: states.GetValueOrDefault(rep.Id.Value) ?? RepStatus.Default))
            .Where(c => c.rep.Id != owner.Id && c.rep.Rep.Active && !lead.PassedOnBy.Contains(c.rep.Id.Value)
                && c.status.Availability != Availability.Away && c.status.OpenLeads < c.rep.Rep.Capacity)
            .OrderBy(c => isRoundRobin
                ? WeightedRoundRobin.Position(passes.TryGetValue(c.rep.Id.Value, out var pass) ? pass : null, virtualTime, WeightedRoundRobin.StrideFor(c.rep.Rep.Weight), makeUp)
                : 0)
            .ThenBy(c => c.status.OpenLeads)
            .ThenBy(c => c.index)
            .Select(c => c.rep)
            .ToList();
        return candidates.Count == 0
            ? null
            : (new BookingPool(pool.Key, pool.Description, isRoundRobin, pick is not null && pick.PoolKey == pool.Key && pick.RepId == owner.Id.Value)
            {
                RepIds = [.. candidates.Select(c => c.Id.Value)],
            }, candidates);
    }

    /// <summary>The time of each of <paramref name="reps"/> (in their order), read in four small queries.</summary>
    private static async Task<IReadOnlyList<RepTime>> AvailabilityAsync(
        LeadRoutingDbContext db, IReadOnlyList<RepInfo> reps, DateTimeOffset now, DateTimeOffset earliest, string? exceptMeetingId, CancellationToken cancellationToken)
    {
        var ids = reps.Select(r => r.Id.Value).ToList();
        var states = await db.RepStates.AsNoTracking().Where(s => ids.Contains(s.RepId))
            .Select(s => new { s.RepId, s.Availability, s.OutOfOfficeUntil }).ToListAsync(cancellationToken);
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => ids.Contains(m.RepId) && m.Status == MeetingStatus.Booked && m.EndUtc > earliest && m.Id != exceptMeetingId)
            .Select(m => new { m.RepId, m.StartUtc, m.EndUtc })
            .ToListAsync(cancellationToken);
        var feeds = await db.RepCalendarFeeds.AsNoTracking().Where(x => ids.Contains(x.RepId)).Select(x => new { x.RepId, x.BusyJson }).ToListAsync(cancellationToken);
        return [.. reps.Select(rep =>
        {
            var state = states.FirstOrDefault(s => s.RepId == rep.Id.Value);
            var absences = new List<TimeRange>();
            if (state?.OutOfOfficeUntil is { } until && until > now)
            {
                absences.Add(new TimeRange(now, until));
            }
            else if (state is { Availability: Availability.OutOfOffice, OutOfOfficeUntil: null })
            {
                absences.Add(new TimeRange(now, now + IndefiniteAbsence));
            }

            var availability = new RepAvailability
            {
                RepId = rep.Id,
                Calendar = rep.Calendar,
                OutOfOffice = absences,
                Meetings = [.. meetings.Where(m => m.RepId == rep.Id.Value).Select(m => new TimeRange(m.StartUtc, m.EndUtc))],
                Busy = FeedBusyJson.Read(feeds.FirstOrDefault(x => x.RepId == rep.Id.Value)?.BusyJson),
            };
            return new RepTime(availability, absences.Count > 0);
        })];
    }
}

/// <summary>
/// The pool whose equally eligible reps a booking link offers when the owner can't: its key and description, whether it
/// rotates (round-robin: the fair-share ledger counts a moved lead; least-loaded pools keep no ledger), and whether the
/// owner's own assignment was this pool's pick (then the ledger credits the owner the lead back when it moves).
/// </summary>
public sealed record BookingPool(string Key, string Description, bool RoundRobin, bool OwnerPicked)
{
    /// <summary>The equally eligible reps offered besides the owner, in fairness order.</summary>
    public IReadOnlyList<string> RepIds { get; init; } = [];
}
