namespace LeadRouting.Web.Components.Pages.Inbox;

/// <summary>The reads behind the inbox, each on the caller's short-lived context.</summary>
public static class InboxQueries
{

    /// <summary>The rep's open leads with their open next step, at most <see cref="InboxViewModel.MaxLeads"/>.</summary>
    public static async Task<IReadOnlyList<InboxLead>> OpenLeadsAsync(LeadRoutingDbContext db, string repId, CancellationToken cancellationToken)
    {
        // Ordered in SQL by the escalation trigger (which every untouched lead has) so the bound keeps the urgent ones;
        // the view model orders precisely by the earliest running clock.
        var leads = await db.Leads.AsNoTracking()
            .Where(l => l.OwnerId == repId && LeadStages.Worked.Contains(l.Stage))
            .OrderBy(l => l.EscalateAt == null)
            .ThenBy(l => l.EscalateAt)
            .ThenByDescending(l => l.ReceivedAt)
            .Take(InboxViewModel.MaxLeads)
            .ToListAsync(cancellationToken);
        var ids = leads.Select(l => l.Id).ToList();
        var tasks = await db.LeadTasks.AsNoTracking()
            .Where(t => ids.Contains(t.LeadId) && t.RepId == repId && t.CompletedAt == null && t.CancelledAt == null)
            .ToListAsync(cancellationToken);
        var nextSteps = tasks.GroupBy(t => t.LeadId).ToDictionary(g => g.Key, g => g.MaxBy(t => t.Id));
        return [.. leads.Select(l => InboxLead.From(l, nextSteps.GetValueOrDefault(l.Id)))];
    }

    /// <summary>The rep's numbers since <paramref name="since"/> (the start of today).</summary>
    public static async Task<InboxNumbers> NumbersAsync(LeadRoutingDbContext db, string repId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var mine = db.Leads.Where(l => l.OwnerId == repId);
        var assigned = await mine.CountAsync(l => l.AssignedAt >= since, cancellationToken);
        var accepted = await mine.CountAsync(l => l.AcceptedAt >= since, cancellationToken);
        var met = await mine.CountAsync(l => l.FirstTouchAt >= since && l.ResponseStatus == ResponseStatus.Met, cancellationToken);
        var touched = await db.Touches.Where(t => t.RepId == repId && t.At >= since).Select(t => t.LeadId).Distinct().CountAsync(cancellationToken);
        return new InboxNumbers(assigned, accepted, touched, met);
    }
}
