using Ical.Net;
using Ical.Net.CalendarComponents;
using LeadRouting.Core.Booking;

namespace LeadRouting.Tests.Core.Booking;

/// <summary>Issue 20: the .ics invitation and cancellation of a booked meeting, parsed back with iCal.NET.</summary>
public sealed class InvitationTests
{
    private static readonly MeetingInvitation Meeting = new()
    {
        Uid = Invitation.UidFor("m-42", "leads.example.com"),
        Sequence = 0,
        Start = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(1)),
        End = new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.FromHours(1)),
        Stamp = new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero),
        Rep = new InvitationParty("Anna Schmidt", "anna@vendor.example"),
        Buyer = new InvitationParty("Jörg Müller", "joerg@buyer.example"),
        Summary = "Demo: Vendor × Buyer GmbH",
        Description = "Thanks for your request.\nSee you soon, Anna",
        RescheduleUrl = new Uri("https://leads.example.com/book/abc/reschedule"),
        CancelUrl = new Uri("https://leads.example.com/book/abc/cancel"),
        RescheduleLabel = "Verschieben",
        CancelLabel = "Absagen",
    };

    private static CalendarEvent Single(Calendar calendar) => Assert.Single(calendar.Events);

    [Fact]
    public void The_invitation_is_a_request_with_the_meeting_in_utc_the_rep_as_organizer_and_both_as_attendees()
    {
        var calendar = Calendar.Load(Invitation.Request(Meeting))!;
        var meeting = Single(calendar);

        Assert.Equal(("REQUEST", Invitation.ProductId), (calendar.Method, calendar.ProductId));
        Assert.Equal(("m-42@leads.example.com", 0, "CONFIRMED"), (meeting.Uid, meeting.Sequence, meeting.Status));
        Assert.True(meeting.DtStart!.IsUtc && meeting.DtEnd!.IsUtc);
        Assert.Equal((new DateTime(2026, 12, 1, 9, 0, 0), new DateTime(2026, 12, 1, 9, 30, 0)), (meeting.DtStart.Value, meeting.DtEnd.Value));
        Assert.Equal(new DateTime(2026, 11, 30, 15, 0, 0), meeting.DtStamp!.Value);
        Assert.Equal(("mailto:anna@vendor.example", "Anna Schmidt"), (meeting.Organizer!.Value!.ToString(), meeting.Organizer.CommonName));
        Assert.Equal(
            [("mailto:joerg@buyer.example", "Jörg Müller", "NEEDS-ACTION", true), ("mailto:anna@vendor.example", "Anna Schmidt", "ACCEPTED", false)],
            meeting.Attendees.Select(a => (a.Value!.ToString(), a.CommonName, a.ParticipationStatus, a.Rsvp)));
        Assert.Equal("Demo: Vendor × Buyer GmbH", meeting.Summary);
        Assert.Equal(
            "Thanks for your request.\nSee you soon, Anna\n\nVerschieben: https://leads.example.com/book/abc/reschedule\nAbsagen: https://leads.example.com/book/abc/cancel",
            meeting.Description);
        Assert.Equal(Meeting.RescheduleUrl, meeting.Url);
        Assert.Equal("https://leads.example.com/book/abc/cancel", meeting.Properties.Get<string>(Invitation.CancelUrlProperty));
        Assert.Equal("https://leads.example.com/book/abc/reschedule", meeting.Properties.Get<string>(Invitation.RescheduleUrlProperty));
    }

    [Fact]
    public void The_cancellation_keeps_the_uid_and_raises_the_sequence()
    {
        var rescheduled = Meeting with { Sequence = 2 };

        var calendar = Calendar.Load(Invitation.Cancellation(rescheduled))!;
        var meeting = Single(calendar);

        Assert.Equal(("CANCEL", "m-42@leads.example.com", 3, "CANCELLED"), (calendar.Method, meeting.Uid, meeting.Sequence, meeting.Status));
    }

    [Fact]
    public void Names_and_texts_cannot_add_lines_or_parameters()
    {
        var hostile = Meeting with
        {
            Buyer = new InvitationParty("Eve\";RSVP=FALSE\r\nATTENDEE:mailto:spy@evil.example", "eve@buyer.example"),
            Summary = "Demo\r\nATTENDEE:mailto:spy@evil.example",
        };

        var text = Invitation.Request(hostile);
        var meeting = Single(Calendar.Load(text)!);

        Assert.Equal(2, meeting.Attendees.Count);
        Assert.DoesNotContain(meeting.Attendees, a => a.Value!.ToString().Contains("evil", StringComparison.Ordinal));
        Assert.Equal("Eve;RSVP=FALSEATTENDEE:mailto:spy@evil.example", meeting.Attendees[0].CommonName);
        Assert.True(meeting.Attendees[0].Rsvp);
        Assert.Equal("Demo\r\nATTENDEE:mailto:spy@evil.example".ReplaceLineEndings("\n"), meeting.Summary!.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_bad_address_or_link_is_refused_naming_it()
    {
        var badEmail = Assert.Throws<ArgumentException>(() => Invitation.Request(Meeting with { Buyer = new InvitationParty("B", "not an address") }));
        Assert.Contains("buyer", badEmail.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => Invitation.Request(Meeting with { CancelUrl = new Uri("javascript:alert(1)") }));
        Assert.Throws<ArgumentException>(() => Invitation.Request(Meeting with { End = Meeting.Start }));
        Assert.Throws<ArgumentException>(() => Invitation.UidFor("m 42", "leads.example.com"));
    }
}
