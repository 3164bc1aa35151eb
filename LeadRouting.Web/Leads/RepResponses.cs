using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Leads;

/// <summary>How an accept or decline from outside the app (an email link, a Slack button) ended.</summary>
public enum RepResponseOutcome
{
    Accepted,
    Declined,

    /// <summary>The link was not made by this app (tampered, cut short, another installation's).</summary>
    InvalidLink,

    /// <summary>The acceptance window the link was made for has ended.</summary>
    Expired,

    /// <summary>The assignment's link was used before (a replay, or Decline after Accept from the same email).</summary>
    AlreadyUsed,

    /// <summary>The lead is not this rep's assignment any more (reassigned, declined, given to someone else), or never was.</summary>
    NotYours,

    /// <summary>The owner already accepted it, or it moved on in the lifecycle (the inbox did it).</summary>
    AlreadyHandled,

    NoLead,

    /// <summary>A decline without a reason (or a longer one than <see cref="LeadActionsService.MaxReasonLength"/>).</summary>
    ReasonMissing,

    /// <summary>The database cannot take changes right now; nothing changed.</summary>
    Unavailable,
}

/// <summary>
/// Accept and decline for a rep who is not signed in: from the signed links of their email (<see cref="ActionLinks"/>)
/// or from a Slack button. Both go through <see cref="LeadActionsService"/> — the inbox's owner and stage checks, its
/// audit trail and outbox message, so the inbox and the board update live — with one more check inside the same write
/// (<see cref="LeadActionGuard"/>): the lead is still the assignment the link or message was made for, and, for links,
/// the assignment's one use is taken (a conditional insert), so a replay changes nothing.
/// </summary>
public sealed class RepResponses(
    LeadActionsService actions,
    ConfigurationStore configurations,
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    TimeProvider time)
{
    /// <summary>Whether the link can still be used, without using it: what the confirmation page (GET) shows.</summary>
    public async Task<(RepResponseOutcome? Refusal, LeadEntity? Lead)> CheckLinkAsync(ActionLinkClaims claims, bool decline, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == claims.LeadId, cancellationToken);
        if (lead is null)
        {
            return (RepResponseOutcome.NoLead, null);
        }

        if (await db.ActionLinkUses.AnyAsync(u => u.Key == claims.UseKey, cancellationToken))
        {
            return (RepResponseOutcome.AlreadyUsed, lead);
        }

        if (lead.OwnerId != claims.RepId || lead.AssignedAt != claims.AssignedAt)
        {
            return (RepResponseOutcome.NotYours, lead);
        }

        LeadStage[] open = decline ? [LeadStage.Assigned, LeadStage.Accepted] : [LeadStage.Assigned];
        return (open.Contains(lead.Stage) ? null : RepResponseOutcome.AlreadyHandled, lead);
    }

    public Task<RepResponseOutcome> AcceptByLinkAsync(ActionLinkClaims claims, CancellationToken cancellationToken) =>
        ByLinkAsync(claims, "Accept", (actor, guard) => actions.AcceptAsync(claims.LeadId, actor, cancellationToken, guard), RepResponseOutcome.Accepted, cancellationToken);

    public Task<RepResponseOutcome> DeclineByLinkAsync(ActionLinkClaims claims, string? reason, CancellationToken cancellationToken) =>
        ByLinkAsync(claims, "Decline", (actor, guard) => actions.DeclineAsync(claims.LeadId, actor, reason, cancellationToken, guard), RepResponseOutcome.Declined, cancellationToken);

    /// <summary>
    /// The Slack button: <paramref name="repId"/> is the rep the Slack user is linked to; <paramref name="assignedAt"/>
    /// the assignment the message was sent for (a button of an older assignment is refused as <see cref="RepResponseOutcome.NotYours"/>).
    /// </summary>
    public async Task<RepResponseOutcome> AcceptFromSlackAsync(string repId, string leadId, DateTimeOffset assignedAt, CancellationToken cancellationToken)
    {
        if (await ActorAsync(repId, "Slack", cancellationToken) is not { } actor)
        {
            return RepResponseOutcome.NotYours;
        }

        RepResponseOutcome? refusal = null;
        var result = await actions.AcceptAsync(leadId, actor, cancellationToken, (_, lead) =>
        {
            refusal = lead.AssignedAt == assignedAt ? null : RepResponseOutcome.NotYours;
            return refusal is null ? null : new LeadActionResult(LeadActionOutcome.Forbidden, "The lead was reassigned since this message was sent.");
        });
        return Outcome(result, refusal, RepResponseOutcome.Accepted);
    }

    private async Task<RepResponseOutcome> ByLinkAsync(
        ActionLinkClaims claims,
        string action,
        Func<LeadActor, LeadActionGuard, Task<LeadActionResult>> act,
        RepResponseOutcome done,
        CancellationToken cancellationToken)
    {
        if (await ActorAsync(claims.RepId, "email link", cancellationToken) is not { } actor)
        {
            return RepResponseOutcome.NotYours;
        }

        RepResponseOutcome? refusal = null;
        var result = await act(actor, (session, lead) =>
        {
            // Runs after the owner and stage checks, in the action's own savepoint: the use is taken only by an action that
            // goes ahead, and rolled back with it if the write fails.
            refusal = lead.AssignedAt != claims.AssignedAt ? RepResponseOutcome.NotYours
                : !session.ClaimActionLink(claims.UseKey, claims.LeadId, claims.RepId, action, time.GetUtcNow()) ? RepResponseOutcome.AlreadyUsed
                : null;
            return refusal switch
            {
                RepResponseOutcome.NotYours => new LeadActionResult(LeadActionOutcome.Forbidden, "The lead was reassigned since this link was sent."),
                RepResponseOutcome.AlreadyUsed => new LeadActionResult(LeadActionOutcome.Conflict, "This link was used already."),
                _ => null,
            };
        });

        if (result.Outcome is LeadActionOutcome.Conflict or LeadActionOutcome.Forbidden && refusal is null)
        {
            // Refused before the link's own check (stage or owner): say "used" when it was this link that moved it on.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await db.ActionLinkUses.AnyAsync(u => u.Key == claims.UseKey, cancellationToken))
            {
                return RepResponseOutcome.AlreadyUsed;
            }
        }

        return Outcome(result, refusal, done);
    }

    private static RepResponseOutcome Outcome(LeadActionResult result, RepResponseOutcome? refusal, RepResponseOutcome done) => result.Outcome switch
    {
        LeadActionOutcome.Done => done,
        _ when refusal is { } guarded => guarded,
        LeadActionOutcome.NotFound => RepResponseOutcome.NoLead,
        LeadActionOutcome.Forbidden => RepResponseOutcome.NotYours,
        LeadActionOutcome.Conflict => RepResponseOutcome.AlreadyHandled,
        LeadActionOutcome.Invalid => RepResponseOutcome.ReasonMissing,
        _ => RepResponseOutcome.Unavailable,
    };

    /// <summary>The rep as the audit trail names them ("Clara Fischer (email link)"); null when no such rep is configured.</summary>
    private async Task<LeadActor?> ActorAsync(string repId, string via, CancellationToken cancellationToken)
    {
        var organisation = (await configurations.CurrentAsync(cancellationToken)).Engine.Organisation;
        return organisation.FindRep(new RepId(repId)) is { } rep ? new LeadActor($"{rep.Rep.Name} ({via})", repId) : null;
    }
}
