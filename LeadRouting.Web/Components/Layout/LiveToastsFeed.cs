using LeadRouting.Web.Live;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Security;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Layout;

/// <summary>
/// Which live events concern the signed-in person, and how their toast reads (DESIGN.md "Notifications": a live toast
/// on assignment, reassignment and escalation). A rep hears of leads handed to them, taken from them (reassigned away
/// by a manager or the acceptance sweep) and of their own leads escalating; a manager or Ops of every escalation and
/// every lead that lands in the Unassigned or Manual-review queue (managers and Ops see every lead, so not only their
/// team's). A person with both kinds of role hears both. The toasts speak the person's language
/// (<c>LiveToastsFeed.de.resx</c>) and give times in their zone (<see cref="PersonFormat"/>).
/// </summary>
/// <remarks>
/// <see cref="LeadEventKind.ManagerNotice"/> is not toasted: it accompanies the routed event that put the lead in a
/// queue, which is toasted already. A rep's own decline re-routes the lead away from them (<c>Rerouted</c> with them as
/// the previous owner); they did it, so it is not news to them.
/// </remarks>
public sealed class LiveToastsFeed(SignedInUser user, IStringLocalizer<LiveToastsFeed> T, PersonFormat format)
{
    private readonly string? _repId = user.Roles.Contains(LeadRoutingRoles.Rep) ? user.RepId : null;
    private readonly bool _oversees = user.Roles.Contains(LeadRoutingRoles.Manager) || user.Roles.Contains(LeadRoutingRoles.Ops);

    /// <summary>Whether any event can concern this person (someone with no role hears nothing and need not listen).</summary>
    public bool ListensAtAll => _repId is not null || _oversees;

    /// <summary>
    /// The toast for <paramref name="leadEvent"/>, or null when it does not concern this person. On <c>/inbox</c>
    /// (<paramref name="onInbox"/>) the page announces leads handed to the rep itself (and counts them in its badge),
    /// so those are left to it here; everything else is toasted on every page.
    /// </summary>
    public LiveToast? For(LeadEvent leadEvent, bool onInbox)
    {
        ArgumentNullException.ThrowIfNull(leadEvent);

        // Events arrive on the notifier's thread, whose culture is nobody's: the toast speaks the person's.
        using var speaking = new RecipientLocale(format.Culture, format.Zone).Speak();
        return leadEvent is { Kind: LeadEventKind.ImportDigest, Digest: { } digest }
            ? ForDigest(leadEvent, digest)
            : ForRep(leadEvent, onInbox) ?? ForManager(leadEvent);
    }

    /// <summary>
    /// The end of a CSV import: a rep hears how many new leads it gave them, a manager or Ops how many leads of a
    /// manager's teams wait for action. The leads' own events were toasted as they came, throttled.
    /// </summary>
    private LiveToast? ForDigest(LeadEvent e, ImportDigest digest)
    {
        if (digest.Audience == ImportDigestAudience.Rep && _repId is not null && e.OwnerId == _repId)
        {
            string what = digest.LeadCount == 1 ? T["Import: 1 new lead for you"] : T["Import: {0} new leads for you", format.Number(digest.LeadCount)];
            return new LiveToast(what, T["open your inbox"], e.LeadId, Warning: false) { Link = "/inbox" };
        }

        if (digest.Audience == ImportDigestAudience.Manager && _oversees && digest.NeedsAction > 0)
        {
            string what = digest.NeedsAction == 1 ? T["Import: 1 lead needs action"] : T["Import: {0} leads need action", format.Number(digest.NeedsAction)];
            var whose = digest.RecipientName is { Length: > 0 } name ? $" ({name})" : "";
            return new LiveToast(what + whose, T["open the queues"], e.LeadId, Warning: true) { Link = "/board" };
        }

        return null;
    }

    private LiveToast? ForRep(LeadEvent e, bool onInbox)
    {
        if (_repId is null)
        {
            return null;
        }

        var handedOn = e.Kind is LeadEventKind.Routed or LeadEventKind.Rerouted or LeadEventKind.Reassigned;
        if (handedOn && e.OwnerId == _repId && e.PreviousOwnerId != _repId)
        {
            return onInbox ? null : Toast(e, e.Kind == LeadEventKind.Routed ? T["New lead for you"] : T["Lead reassigned to you"], warning: false) with
            {
                Due = e.RespondBy is { } respondBy ? T["respond by {0}", format.DateTime(respondBy)].Value : null,
            };
        }

        if (e.Kind == LeadEventKind.Reassigned && e.PreviousOwnerId == _repId && e.OwnerId != _repId)
        {
            var to = e.OwnerName ?? (e.Status == LeadStage.Unassigned ? T["the Unassigned queue"] : e.OwnerId);
            return Toast(e, to is null ? T["Lead taken from you"] : T["Lead taken from you (now {0})", to], warning: true);
        }

        if (e is { Kind: LeadEventKind.Nudge, Nudge: { ToManager: false } nudge } && e.OwnerId == _repId)
        {
            return Toast(e, nudge.Window == NudgeWindow.Acceptance
                ? T["Reminder: {0} % of your time to accept this lead has passed", nudge.Percent]
                : T["Reminder: {0} % of your time to respond to this lead has passed", nudge.Percent], warning: nudge.Percent >= 80) with
            {
                Due = T["respond by {0}", format.DateTime(nudge.Deadline)].Value,
            };
        }

        // Issue 20: the buyer booked or cancelled a meeting with this rep.
        if (e is { Kind: LeadEventKind.MeetingBooked or LeadEventKind.MeetingCancelled or LeadEventKind.MeetingRescheduled, Meeting: { } meeting }
            && meeting.RepId == _repId)
        {
            return Toast(e, e.Kind switch
            {
                LeadEventKind.MeetingBooked => T["Meeting booked with you: {0}", format.DateTime(meeting.Start)],
                LeadEventKind.MeetingRescheduled => T["Meeting moved to {0}", format.DateTime(meeting.Start)],
                _ => T["Meeting cancelled: {0}", format.DateTime(meeting.Start)],
            }, warning: e.Kind == LeadEventKind.MeetingCancelled);
        }

        return e.Kind == LeadEventKind.Escalated && e.OwnerId == _repId
            ? Toast(e, T["Your lead was escalated to your manager"], warning: true)
            : null;
    }

    private LiveToast? ForManager(LeadEvent e)
    {
        if (!_oversees)
        {
            return null;
        }

        if (e.Kind == LeadEventKind.Escalated)
        {
            return Toast(e, T["Lead escalated"], warning: true);
        }

        if (e is { Kind: LeadEventKind.Nudge, Nudge.ToManager: true })
        {
            return Toast(e, T["High-intent lead about to miss its response target"], warning: true);
        }

        if (e.Kind is LeadEventKind.Routed or LeadEventKind.Rerouted or LeadEventKind.Reassigned)
        {
            return e.Status switch
            {
                LeadStage.Unassigned => Toast(e, T["Lead unassigned"], warning: true),
                LeadStage.ManualReview => Toast(e, T["Lead needs manual review"], warning: false),
                _ => null,
            };
        }

        return null;
    }

    private static LiveToast Toast(LeadEvent e, string what, bool warning)
    {
        var who = string.Join(" · ", new[] { e.Contact, e.Company }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new LiveToast(what, who.Length > 0 ? who : e.LeadId, e.LeadId, warning);
    }
}

// After the feed: MSBuild names LiveToastsFeed.de.resx after the first type in this file.
/// <summary>One toast: what happened, to which lead (its name is plain text), and how many more arrived with it.</summary>
public sealed record LiveToast(string What, string Lead, string LeadId, bool Warning)
{
    /// <summary>Events held back by the throttle and summarised by this toast.</summary>
    public int More { get; init; }

    /// <summary>Where the toast links when it is not one lead's page (an import digest: the inbox or the board).</summary>
    public string? Link { get; init; }

    /// <summary>When the person must respond ("respond by today, 15:15"), for a lead handed to them.</summary>
    public string? Due { get; init; }

    public string Href => Link ?? $"/leads/{Uri.EscapeDataString(LeadId)}";
}
