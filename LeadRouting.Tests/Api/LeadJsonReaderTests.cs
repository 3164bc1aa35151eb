using System.Text.Json;
using LeadRouting.Core.Leads;

namespace LeadRouting.Tests.Api;

public sealed class LeadJsonReaderTests
{
    private static (LeadSubmission? Lead, IDictionary<string, string[]> Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        var lead = LeadJsonReader.Read(document.RootElement, errors);
        return (lead, errors.ToDictionary());
    }

    [Fact]
    public void Reads_every_field_of_the_contract()
    {
        var (lead, errors) = Read("""
            {
              "externalId": "crm-42", "email": "jana@brightlabs.de", "firstName": "Jana", "lastName": "Richter",
              "title": "CTO", "company": "Brightlabs", "companyDomain": "brightlabs.de", "employees": 350,
              "industry": "Software", "country": "DE", "techStack": ["HubSpot", "Snowflake"], "source": "DemoRequest",
              "signals": [{ "type": "PricingPageVisit", "at": "2026-11-28T09:30:00+01:00" }],
              "estimatedDealSize": 30000.50, "referral": "ExecutiveIntro", "receivedAt": "2026-11-30T10:00:00Z"
            }
            """);

        Assert.Empty(errors);
        Assert.Equal(
            new LeadSubmission
            {
                ExternalId = "crm-42",
                Email = "jana@brightlabs.de",
                FirstName = "Jana",
                LastName = "Richter",
                Title = "CTO",
                Company = "Brightlabs",
                CompanyDomain = "brightlabs.de",
                Employees = 350,
                Industry = "Software",
                Country = "DE",
                Source = SignalType.DemoRequest,
                EstimatedDealSize = 30000.50m,
                Referral = Referral.ExecutiveIntro,
                ReceivedAt = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero),
            } with { TechStack = lead!.TechStack, Signals = lead.Signals },
            lead);
        Assert.Equal(["HubSpot", "Snowflake"], lead.TechStack);
        Assert.Equal([new Signal(SignalType.PricingPageVisit, new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.FromHours(1)))], lead.Signals);
    }

    [Fact]
    public void Nulls_and_missing_fields_are_empty_not_errors()
    {
        var (lead, errors) = Read("""{ "email": null, "employees": null, "techStack": null, "signals": null, "referral": null }""");

        Assert.Empty(errors);
        Assert.Null(lead!.Email);
        Assert.Null(lead.Employees);
        Assert.Empty(lead.TechStack);
        Assert.Empty(lead.Signals);
        Assert.Equal(Referral.None, lead.Referral);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"lead\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public void Body_that_is_not_an_object_is_an_error_on_the_body(string json, string kind)
    {
        var (lead, errors) = Read(json);

        Assert.Null(lead);
        Assert.Equal($"The request body must be a JSON object (got {kind}).", Assert.Single(errors[LeadJsonReader.BodyPath]));
    }

    [Theory]
    [InlineData("""{ "employees": "many" }""", "employees", "Must be a whole number (got a string).")]
    [InlineData("""{ "employees": 12.5 }""", "employees", "Must be a whole number (got 12.5).")]
    [InlineData("""{ "employees": 99999999999 }""", "employees", "Is out of range (got 99999999999).")]
    [InlineData("""{ "email": 42 }""", "email", "Must be a string (got a number).")]
    [InlineData("""{ "firstName": ["Jana"] }""", "firstName", "Must be a string (got an array).")]
    [InlineData("""{ "country": true }""", "country", "Must be a string (got a boolean).")]
    [InlineData("""{ "estimatedDealSize": "30k" }""", "estimatedDealSize", "Must be a number (got a string).")]
    [InlineData("""{ "techStack": "HubSpot" }""", "techStack", "Must be an array of strings (got a string).")]
    [InlineData("""{ "techStack": ["HubSpot", 7] }""", "techStack[1]", "Must be a string (got a number).")]
    [InlineData("""{ "signals": {} }""", "signals", "Must be an array of signals {\"type\", \"at\"} (got an object).")]
    [InlineData("""{ "signals": ["DemoRequest"] }""", "signals[0]", "Must be an object {\"type\", \"at\"} (got a string).")]
    public void Wrong_json_types_are_named_by_their_path(string json, string path, string message)
    {
        var (_, errors) = Read(json);

        Assert.Equal([path], errors.Keys);
        Assert.Equal([message], errors[path]);
    }

    [Theory]
    [InlineData("1e3", 1000)]
    [InlineData("1E+2", 100)]
    [InlineData("-4", -4)]
    public void Whole_numbers_in_any_json_notation_are_employees(string number, int expected)
    {
        var (lead, errors) = Read($$"""{ "employees": {{number}} }""");

        Assert.Empty(errors);
        Assert.Equal(expected, lead!.Employees);
    }

    [Fact]
    public void Unknown_enum_value_lists_the_allowed_values()
    {
        var (lead, errors) = Read("""{ "source": "Carrier pigeon", "referral": "Cousin" }""");

        Assert.Null(lead!.Source);
        Assert.Equal(
            "'Carrier pigeon' is not a valid value. Allowed values: DemoRequest, ContactSales, PricingPageVisit, OutboundReply, " +
            "ContentDownload, Webinar, CaseStudyView, NewsletterSignup, EventBadgeScan.",
            Assert.Single(errors["source"]));
        Assert.Equal("'Cousin' is not a valid value. Allowed values: None, Vip, ExecutiveIntro.", Assert.Single(errors["referral"]));
    }

    [Theory]
    [InlineData("demorequest", SignalType.DemoRequest)]
    [InlineData("CONTACTSALES", SignalType.ContactSales)]
    [InlineData(" Webinar ", SignalType.Webinar)]
    public void Enum_values_are_matched_case_insensitively(string value, SignalType expected)
    {
        var (lead, errors) = Read($$"""{ "source": "{{value}}" }""");

        Assert.Empty(errors);
        Assert.Equal(expected, lead!.Source);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("DemoRequest, Webinar")]
    [InlineData("")]
    public void Enum_numbers_and_flag_lists_are_not_names(string value)
    {
        var (_, errors) = Read($$"""{ "source": "{{value}}" }""");

        Assert.True(errors.ContainsKey("source"));
    }

    [Fact]
    public void Enum_given_as_a_number_is_an_error()
    {
        var (_, errors) = Read("""{ "referral": 1 }""");

        Assert.Equal("Must be one of None, Vip, ExecutiveIntro (got a number).", Assert.Single(errors["referral"]));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("30.11.2026 10:00")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-11-30T25:00:00Z")]
    public void Bad_dates_are_named_by_their_path(string value)
    {
        var (_, errors) = Read($$"""{ "receivedAt": "{{value}}", "signals": [{ "type": "Webinar", "at": "{{value}}" }] }""");

        Assert.Equal(["receivedAt", "signals[0].at"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("is not an ISO 8601 date and time", Assert.Single(errors["receivedAt"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Date_given_as_a_number_is_an_error()
    {
        var (_, errors) = Read("""{ "receivedAt": 1764496800 }""");

        Assert.Equal("Must be an ISO 8601 date and time string (got a number).", Assert.Single(errors["receivedAt"]));
    }

    [Fact]
    public void Instant_without_an_offset_is_taken_as_utc()
    {
        var (lead, errors) = Read("""{ "receivedAt": "2026-11-30T10:00:00" }""");

        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), lead!.ReceivedAt);
    }

    [Fact]
    public void Unknown_fields_are_reported_under_their_name()
    {
        var (_, errors) = Read("""{ "email": "jana@brightlabs.de", "favouriteColour": "blue", "signals": [{ "type": "Webinar", "at": "2026-11-29T10:00:00Z", "note": "x" }] }""");

        Assert.Equal(["favouriteColour", "signals[0].note"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.Equal(["Unknown field."], messages));
    }

    [Fact]
    public void Field_names_are_matched_case_insensitively_and_reported_in_camel_case()
    {
        var (lead, errors) = Read("""{ "Email": "jana@brightlabs.de", "EMPLOYEES": "many" }""");

        Assert.Equal("jana@brightlabs.de", lead!.Email);
        Assert.Equal(["employees"], errors.Keys);
    }

    [Fact]
    public void Field_given_twice_is_an_error()
    {
        var (_, errors) = Read("""{ "email": "a@brightlabs.de", "email": "b@brightlabs.de" }""");

        Assert.Equal(["Appears more than once."], errors["email"]);
    }

    [Fact]
    public void Signal_without_type_or_time_names_both_parts()
    {
        var (lead, errors) = Read("""{ "signals": [{ }, { "type": null, "at": null }, { "type": "Webinar", "at": "2026-11-29T10:00:00Z" }] }""");

        Assert.Equal(["Is required."], errors["signals[0].type"]);
        Assert.Equal(["Is required."], errors["signals[0].at"]);
        Assert.Equal(["Must not be null."], errors["signals[1].type"]);
        Assert.Equal(["Must not be null."], errors["signals[1].at"]);
        Assert.Equal([new Signal(SignalType.Webinar, new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero))], lead!.Signals);
    }

    [Fact]
    public void Every_bad_field_is_reported_not_only_the_first()
    {
        var (_, errors) = Read("""
            { "email": 1, "employees": "many", "source": "Carrier pigeon", "receivedAt": "soon",
              "signals": [{ "type": "Smoke", "at": "never" }], "techStack": [null], "extra": 0 }
            """);

        Assert.Equal(
            ["email", "employees", "extra", "receivedAt", "signals[0].at", "signals[0].type", "source", "techStack[0]"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}
