using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;
using LeadRouting.Web.Components.Pages.Inbox;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;

namespace LeadRouting.Tests.Components;

public sealed class InboxViewModelTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = Start.AddMinutes(40);

    [Theory]
    [InlineData(0, SlaState.OnTrack)]
    [InlineData(30 * 60, SlaState.OnTrack)] // exactly 25 % (10 of 40 minutes) left: still on track
    [InlineData(30 * 60 + 1, SlaState.AtRisk)] // just under 25 % left
    [InlineData(40 * 60 - 1, SlaState.AtRisk)]
    [InlineData(40 * 60, SlaState.Breached)] // the deadline itself
    [InlineData(41 * 60, SlaState.Breached)]
    public void Countdown_state_at_the_boundaries(int secondsAfterStart, SlaState expected)
    {
        var countdown = SlaCountdown.For(Start, Deadline, "to accept", Start.AddSeconds(secondsAfterStart));

        Assert.Equal(expected, countdown.State);
    }

    [Fact]
    public void Countdown_colours_follow_the_state()
    {
        Assert.Equal(MudBlazor.Color.Success, SlaCountdown.For(Start, Deadline, "to accept", Start).Color);
        Assert.Equal(MudBlazor.Color.Warning, SlaCountdown.For(Start, Deadline, "to accept", Deadline.AddMinutes(-1)).Color);
        Assert.Equal(MudBlazor.Color.Error, SlaCountdown.For(Start, Deadline, "to accept", Deadline).Color);
        Assert.Equal(MudBlazor.Color.Default, SlaCountdown.For(Start, null, "", Start).Color);
    }

    [Fact]
    public void Countdown_text_says_what_is_left_or_how_long_overdue()
    {
        Assert.Equal("40m 00s left to accept", SlaCountdown.For(Start, Deadline, "to accept", Start).Text);
        Assert.Equal("9m 59s left to respond", SlaCountdown.For(Start, Deadline, "to respond", Deadline.AddSeconds(-599)).Text);
        Assert.Equal("Overdue 1m 05s (to respond)", SlaCountdown.For(Start, Deadline, "to respond", Deadline.AddSeconds(65)).Text);
        Assert.Equal("Clock stopped", SlaCountdown.For(Start, null, "", Start).Text);
    }

    [Theory]
    [InlineData(12, "12s")]
    [InlineData(61, "1m 01s")]
    [InlineData(3_725, "1h 02m")]
    [InlineData(183_600, "2d 03h")]
    public void Format_shows_the_two_largest_units(int seconds, string expected) =>
        Assert.Equal(expected, SlaCountdown.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Running_deadline_is_respond_by_until_the_first_touch_then_nothing()
    {
        var lead = Lead("l1", LeadStage.Accepted, respondBy: Start.AddMinutes(15), escalateAt: Start.AddMinutes(30));
        Assert.Equal((Start.AddMinutes(15), "to respond"), InboxLead.RunningDeadline(lead));

        lead.FirstTouchAt = Start.AddMinutes(5);
        lead.EscalateAt = null;
        Assert.Equal((null, ""), InboxLead.RunningDeadline(lead));
    }

    [Fact]
    public void Running_deadline_of_an_assigned_lead_is_the_acceptance_window_when_it_ends_first()
    {
        var lead = Lead("l1", LeadStage.Assigned, respondBy: Start.AddHours(4), escalateAt: Start.AddMinutes(30));

        Assert.Equal((Start.AddMinutes(30), "to accept"), InboxLead.RunningDeadline(lead));
    }

    [Fact]
    public void Leads_are_ordered_by_the_earliest_running_clock_then_newest_and_unclocked_last()
    {
        var model = new InboxViewModel("rep-1");
        model.Show(
        [
            InboxLead.From(Lead("touched", LeadStage.Contacted, respondBy: null, escalateAt: null, received: Start.AddMinutes(9)), null),
            InboxLead.From(Lead("late", LeadStage.Assigned, respondBy: Start.AddHours(2), escalateAt: Start.AddHours(1)), null),
            InboxLead.From(Lead("soon-old", LeadStage.Assigned, respondBy: Start.AddMinutes(10), escalateAt: Start.AddMinutes(30), received: Start), null),
            InboxLead.From(Lead("soon-new", LeadStage.Assigned, respondBy: Start.AddMinutes(10), escalateAt: Start.AddMinutes(30), received: Start.AddMinutes(1)), null),
        ], InboxNumbers.None);

        Assert.Equal(["soon-new", "soon-old", "late", "touched"], model.Leads.Select(l => l.Id));
    }

    [Fact]
    public void Contact_falls_back_to_the_email_and_keeps_the_name_verbatim()
    {
        var lead = Lead("l1", LeadStage.Assigned, null, null);
        Assert.Equal("x@example.com", InboxLead.From(lead, null).Contact);

        lead.FirstName = "<script>alert(1)</script>";
        lead.LastName = "Müller-Łukasz 山田";
        Assert.Equal("<script>alert(1)</script> Müller-Łukasz 山田", InboxLead.From(lead, null).Contact);
    }

    [Fact]
    public void Events_concern_the_rep_as_new_or_previous_owner_and_only_new_leads_count()
    {
        var model = new InboxViewModel("rep-1");
        var routed = Event(LeadEventKind.Routed, owner: "rep-1");

        Assert.True(model.Concerns(Event(LeadEventKind.Declined, owner: "rep-2", previous: "rep-1")));
        Assert.False(model.Concerns(Event(LeadEventKind.Routed, owner: "rep-2")));
        Assert.Null(model.Notice(Event(LeadEventKind.Accepted, owner: "rep-1")));
        Assert.Null(model.Notice(Event(LeadEventKind.Reassigned, owner: "rep-2", previous: "rep-1")));
        Assert.Equal(new InboxNotice(Routed: true, "Anna Beispiel · B GmbH"), model.Notice(routed));
        Assert.Equal(new InboxNotice(Routed: false, "Anna Beispiel · B GmbH"), model.Notice(Event(LeadEventKind.Reassigned, owner: "rep-1", previous: "rep-2")));
        Assert.Equal(2, model.NewSinceOpened);
    }

    private static LeadEntity Lead(string id, LeadStage stage, DateTimeOffset? respondBy, DateTimeOffset? escalateAt, DateTimeOffset? received = null) => new()
    {
        Id = id,
        Email = "x@example.com",
        Stage = stage,
        OwnerId = "rep-1",
        AssignedAt = Start,
        RespondBy = respondBy,
        EscalateAt = escalateAt,
        ReceivedAt = received ?? Start,
        Source = SignalType.DemoRequest,
        ResponseStatus = ResponseStatus.Pending,
    };

    private static LeadEvent Event(LeadEventKind kind, string? owner, string? previous = null) => new()
    {
        Kind = kind,
        LeadId = "l1",
        At = Start,
        Actor = "test",
        Status = LeadStage.Assigned,
        OwnerId = owner,
        PreviousOwnerId = previous,
        Contact = "Anna Beispiel",
        Company = "B GmbH",
    };
}
