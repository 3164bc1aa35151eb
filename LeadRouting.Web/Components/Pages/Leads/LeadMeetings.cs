using LeadRouting.Web.Booking;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Security;

namespace LeadRouting.Web.Components.Pages.Leads;

/// <summary>
/// One meeting of a lead as <c>/leads/{id}</c> lists it (issue 20): when (the reader's zone and culture), with which rep,
/// its status, who marked its outcome, and whether the reader may mark it now.
/// </summary>
public sealed record MeetingLine(string Id, string When, string Rep, MeetingStatus Status, string? MarkedBy, bool CanMark)
{
    /// <summary>
    /// The lead's meetings, earliest first. "Marked by" is the actor of the latest <see cref="MeetingOutcomes.AuditType"/>
    /// event about the meeting (the meeting itself stores no marker).
    /// </summary>
    public static IReadOnlyList<MeetingLine> For(
        IEnumerable<MeetingEntity> meetings, IEnumerable<AuditEventEntity> events, SignedInUser? user, CompiledOrganisation organisation, PersonFormat format, DateTimeOffset now)
    {
        var marks = events.Where(e => e.Type == MeetingOutcomes.AuditType).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToList();
        return
        [
            .. meetings.OrderBy(m => m.StartUtc).ThenBy(m => m.Id, StringComparer.Ordinal).Select(m => new MeetingLine(
                m.Id,
                $"{format.DateTime(m.StartUtc)}–{format.Time(m.EndUtc)}",
                organisation.FindRep(new RepId(m.RepId))?.Rep.Name ?? m.RepId,
                m.Status,
                m.Status is MeetingStatus.Held or MeetingStatus.NoShow
                    ? marks.FirstOrDefault(e => e.Detail.StartsWith($"Meeting {m.Id} (", StringComparison.Ordinal))?.Actor
                    : null,
                MayMark(user, m, now))),
        ];
    }

    /// <summary>
    /// Whether to offer "Held" / "No-show": a booked meeting that has started, to its rep or a manager. The same rule
    /// <see cref="MeetingOutcomes.MarkAsync"/> enforces, so the page never offers what the server refuses. (The server also
    /// lets a mark be corrected; the page offers the buttons on booked meetings only.)
    /// </summary>
    public static bool MayMark(SignedInUser? user, MeetingEntity meeting, DateTimeOffset now) =>
        user is not null
        && meeting.Status == MeetingStatus.Booked
        && meeting.StartUtc <= now
        && (meeting.RepId == user.RepId || user.Roles.Contains(LeadRoutingRoles.Manager));
}
