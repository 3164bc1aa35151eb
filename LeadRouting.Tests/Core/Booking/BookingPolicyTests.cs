using System.Text.Json.Nodes;
using LeadRouting.Core.Booking;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Booking;

/// <summary>Issue 20: the booking policy is part of the published configuration, with defaults for older documents.</summary>
public sealed class BookingPolicyTests
{
    private static JsonNode Document() => JsonNode.Parse(ConfigurationLoader.Serialize(TestData.Configuration()))!;

    [Fact]
    public void A_document_without_the_booking_section_reads_the_defaults()
    {
        var document = Document();
        Assert.True(document["policy"]!.AsObject().Remove("booking"));

        var booking = ConfigurationLoader.Parse(document.ToJsonString()).Policy.Booking;

        Assert.Equal(
            (TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromHours(2), 5, TimeSpan.FromMinutes(15), TimeSpan.FromDays(7)),
            (booking.Duration, booking.BufferBefore, booking.BufferAfter, booking.MinimumNotice, booking.HorizonBusinessDays, booking.Step, booking.TokenLifetime));
        Assert.Equal([TreatmentAction.AeImmediate, TreatmentAction.SdrFastTrack], booking.BookableTreatments);
        Assert.True(booking.IsBookable(TreatmentAction.SdrFastTrack));
        Assert.False(booking.IsBookable(TreatmentAction.Nurture));
    }

    [Fact]
    public void An_edited_section_round_trips()
    {
        var document = Document();
        document["policy"]!["booking"] = new JsonObject
        {
            ["duration"] = "00:45:00",
            ["bufferAfter"] = "00:00:00",
            ["horizonBusinessDays"] = 10,
            ["bookableTreatments"] = new JsonArray("AeImmediate"),
            ["tokenLifetime"] = "2.00:00:00",
        };

        var once = ConfigurationLoader.Parse(document.ToJsonString());
        var json = ConfigurationLoader.Serialize(once);
        var booking = ConfigurationLoader.Parse(json).Policy.Booking;

        Assert.Equal(json, ConfigurationLoader.Serialize(ConfigurationLoader.Parse(json)));
        Assert.Contains("\"duration\": \"00:45:00\"", json, StringComparison.Ordinal);
        Assert.Equal(
            (TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(10), TimeSpan.Zero, 10, TimeSpan.FromDays(2)),
            (booking.Duration, booking.BufferBefore, booking.BufferAfter, booking.HorizonBusinessDays, booking.TokenLifetime));
        Assert.Equal([TreatmentAction.AeImmediate], booking.BookableTreatments);
    }

    [Theory]
    [InlineData("duration", "00:01:00", "policy.booking.duration must be whole minutes between 00:05:00 and 08:00:00 (found 00:01:00).")]
    [InlineData("bufferBefore", "05:00:00", "policy.booking.bufferBefore must be whole minutes between 00:00:00 and 04:00:00 (found 05:00:00).")]
    [InlineData("minimumNotice", "-01:00:00", "policy.booking.minimumNotice must be whole minutes between 00:00:00 and 30.00:00:00 (found -01:00:00).")]
    [InlineData("step", "00:07:30", "policy.booking.step must be whole minutes between 00:05:00 and 04:00:00 (found 00:07:30).")]
    [InlineData("tokenLifetime", "365.00:00:00", "policy.booking.tokenLifetime must be whole minutes between 01:00:00 and 90.00:00:00 (found 365.00:00:00).")]
    public void A_bad_duration_is_refused_naming_the_field(string field, string value, string expected)
    {
        var document = Document();
        document["policy"]!["booking"] = new JsonObject { [field] = value };

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(document.ToJsonString()));

        Assert.Equal([expected], error.Errors);
    }

    [Fact]
    public void A_bad_horizon_or_repeated_treatment_is_refused_naming_the_field()
    {
        var document = Document();
        document["policy"]!["booking"] = new JsonObject
        {
            ["horizonBusinessDays"] = 0,
            ["bookableTreatments"] = new JsonArray("AeImmediate", "AeImmediate"),
        };

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(document.ToJsonString()));

        Assert.Equal(
            ["policy.booking.horizonBusinessDays must be between 1 and 60.", "policy.booking.bookableTreatments names AeImmediate more than once."],
            error.Errors);
    }

    [Fact]
    public void An_unknown_treatment_is_refused_with_its_path()
    {
        var document = Document();
        document["policy"]!["booking"] = new JsonObject { ["bookableTreatments"] = new JsonArray("CallTheCeo") };

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(document.ToJsonString()));

        Assert.Contains("$.policy.booking.bookableTreatments[0]", error.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void No_bookable_treatment_switches_booking_off_and_is_valid() =>
        Assert.Empty((BookingPolicy.Default with { BookableTreatments = [] }).Problems());
}
