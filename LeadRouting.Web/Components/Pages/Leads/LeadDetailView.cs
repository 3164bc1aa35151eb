using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Localization;

namespace LeadRouting.Web.Components.Pages.Leads;

/// <summary>
/// A stored lead as <c>/leads/{id}</c> shows it: who, where it stands, its clocks in the reader's time zone and culture
/// (<see cref="PersonFormat"/>, the same as the inbox's), the next step, the event timeline and the decision trace.
/// Labels are the English keys the page translates; plain text throughout, the page renders it as text.
/// </summary>
public sealed record LeadDetailView
{
    public required string Id { get; init; }
    public required string Contact { get; init; }
    public string? Company { get; init; }
    public required string Email { get; init; }
    public required LeadStage Stage { get; init; }
    public required string Owner { get; init; }
    public string? Team { get; init; }
    public string? SlaPolicy { get; init; }
    public required string TimeZone { get; init; }

    /// <summary>"500 employees", "Software", "DE", "€30,000" (the deal value in the policy's currency); nulls left out.</summary>
    public int? Employees { get; init; }
    public string? Industry { get; init; }
    public string? Country { get; init; }
    public string? DealValue { get; init; }
    public required IReadOnlyList<(string Label, string Value)> Clocks { get; init; }
    public (string Title, string Due)? NextStep { get; init; }

    /// <summary>"Assigned by Katrin Vogel on …: reason" while the current owner has the lead from a manager; else null.</summary>
    public (string Manager, string At, string? Reason)? Assignment { get; init; }

    /// <summary>The open lead of the same person under another address this one was routed after (issue 19); null if none.</summary>
    public string? PossibleDuplicateOf { get; init; }

    /// <summary>The lead's booked meetings (issue 20), earliest first; set by the page, which knows the reader and the time.</summary>
    public IReadOnlyList<MeetingLine> Meetings { get; init; } = [];

    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }
    public required IReadOnlyList<StoredTraceStep> Trace { get; init; }

    public static LeadDetailView From(StoredLead stored, CompiledOrganisation organisation, PersonFormat format, string currency)
    {
        var lead = stored.Lead;
        var team = lead.TeamId is { } teamId ? organisation.FindTeam(new TeamId(teamId)) : null;
        string At(DateTimeOffset? instant) => instant is { } i ? format.DateTime(i) : "—";
        var owner = lead.OwnerId is { } ownerId
            ? organisation.FindRep(new RepId(ownerId))?.Rep.Name ?? ownerId
            : RoutingWords.Say(lead.Stage, CultureInfo.CurrentUICulture);
        return new LeadDetailView
        {
            Id = lead.Id,
            Contact = LeadNames.Contact(lead.FirstName, lead.LastName, lead.Email),
            Company = lead.Company,
            Email = lead.Email,
            Stage = lead.Stage,
            Owner = owner,
            Team = team?.Team.Name ?? lead.TeamId,
            SlaPolicy = lead.SlaPolicy,
            TimeZone = format.Zone.Id,
            Employees = lead.Employees,
            Industry = lead.Industry,
            Country = lead.Country,
            DealValue = lead.EstimatedDealSize is { } value ? format.Money(value, currency) : null,
            Clocks =
            [
                ("Received", At(lead.ReceivedAt)),
                .. Lapse(lead, organisation, At),
                ("Respond by", At(lead.RespondBy)),
                .. lead.ResponseClockFrom is { } from ? new[] { ("Response clock from", $"{At(from)} (a manager's assignment)") } : [],
                ("Assigned", At(lead.AssignedAt)),
                ("Accepted", At(lead.AcceptedAt)),
                ("First touch", At(lead.FirstTouchAt)),
                ("First response", RoutingWords.Say(lead.ResponseStatus, CultureInfo.CurrentUICulture)),
                ("Escalates at", At(lead.EscalateAt)),
                ("Escalated", At(lead.EscalatedAt)),
                ("Reassignments", lead.Reassignments.ToString(CultureInfo.InvariantCulture)),
            ],
            NextStep = stored.NextStep is { } task ? (task.Title, At(task.DueAt)) : null,
            Assignment = lead.AssignedBy is { } manager ? (manager, At(lead.AssignedAt), lead.AssignmentReason) : null,
            PossibleDuplicateOf = lead.PossibleDuplicateOf,
            Timeline = [.. stored.Events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => new TimelineEntry(At(e.At), e.Type, e.Actor, HistoryText.Of(e.Detail, format)))],
            Trace = stored.Trace,
        };
    }

    /// <summary>The target that passed before a manager handed the lead on, and where it waited: one clock row, or none.</summary>
    private static IEnumerable<(string Label, string Value)> Lapse(LeadEntity lead, CompiledOrganisation organisation, Func<DateTimeOffset?, string> at)
    {
        if (lead.LapsedAt is not { } lapsed)
        {
            yield break;
        }

        var where = lead.LapsedOwnerId is { } owner
            ? "with " + (organisation.FindRep(new RepId(owner))?.Rep.Name ?? owner)
            : "in the " + LeadQueues.Describe(lead.LapsedStage ?? LeadStage.Unassigned);
        yield return ("First target lapsed", $"{at(lapsed)} {where}");
    }
}

public sealed record TimelineEntry(string At, string Type, string Actor, string Detail);
