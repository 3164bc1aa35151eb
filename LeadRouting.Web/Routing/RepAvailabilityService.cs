using LeadRouting.Web.Security;

namespace LeadRouting.Web.Routing;

/// <summary>
/// A rep's availability (Available / Away / Out of office until a date). It is live state, not configuration: it
/// changes daily and applies to the next lead at once, without a draft or a publish. Managers and Ops may set it;
/// each change is audited. Only the availability columns are written, so the writer's load counts are untouched.
/// </summary>
public sealed class RepAvailabilityService(
    IDbContextFactory<LeadRoutingDbContext> dbFactory, ConfigurationStore configurations, TimeProvider time, IEnumerable<IRepAvailabilityObserver> observers)
{
    public async Task<IReadOnlyDictionary<string, RepStatus>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RepStates.AsNoTracking()
            .ToDictionaryAsync(r => r.RepId, r => new RepStatus(r.Availability, r.OutOfOfficeUntil, r.OpenLeads), StringComparer.Ordinal, cancellationToken);
    }

    public async Task<AvailabilityResult> SetAsync(SignedInUser? user, string repId, Availability availability, DateTimeOffset? outOfOfficeUntil, CancellationToken cancellationToken)
    {
        if (user is null || !(user.Roles.Contains(LeadRoutingRoles.Ops) || user.Roles.Contains(LeadRoutingRoles.Manager)))
        {
            return new AvailabilityResult(false, "Only managers and Ops may change a rep's availability.");
        }

        var published = await configurations.CurrentAsync(cancellationToken);
        if (published.Engine.Organisation.FindRep(new RepId(repId)) is null)
        {
            return new AvailabilityResult(false, $"There is no published rep '{repId}'.");
        }

        var now = time.GetUtcNow();
        var until = availability == Availability.OutOfOffice ? outOfOfficeUntil : null;
        if (availability == Availability.OutOfOffice && (until is null || until <= now))
        {
            return new AvailabilityResult(false, "Out of office needs a return date in the future.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.RepStates.Where(r => r.RepId == repId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Availability, availability).SetProperty(r => r.OutOfOfficeUntil, until), cancellationToken);
        if (updated == 0)
        {
            db.RepStates.Add(new RepStateEntity { RepId = repId, Availability = availability, OutOfOfficeUntil = until });
        }

        var detail = availability == Availability.OutOfOffice ? $"{repId}: out of office until {until:yyyy-MM-dd}." : $"{repId}: {availability}.";
        db.AuditEvents.Add(new AuditEventEntity { At = now, Actor = user.Email, Type = "RepAvailabilityChanged", Detail = detail });
        await db.SaveChangesAsync(cancellationToken);
        foreach (var observer in observers)
        {
            await observer.AvailabilityChangedAsync(repId, availability, cancellationToken);
        }

        return new AvailabilityResult(true, null);
    }
}

public sealed record AvailabilityResult(bool Succeeded, string? Error);
