using LeadRouting.Core.Leads;

namespace LeadRouting.Tests.Core.Leads;

/// <summary>DESIGN.md §1 intake rules: every bad field is reported, by its JSON path.</summary>
public class LeadValidatorTests
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;

    private static IDictionary<string, string[]> Errors(LeadSubmission submission)
    {
        var errors = new FieldErrors();
        LeadValidator.Validate(submission, Now, errors);
        return errors.ToDictionary();
    }

    [Fact]
    public void Valid_submission_has_no_errors() => Assert.Empty(Errors(TestData.Submission()));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("a b@c.io")]
    [InlineData("@acme.io")]
    [InlineData("pat@acme..io")]
    public void Bad_email_is_named(string? email) =>
        Assert.Contains("email", Errors(TestData.Submission() with { Email = email }).Keys);

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var errors = Errors(TestData.Submission() with
        {
            Email = null,
            FirstName = new string('x', 257),
            Company = new string('y', 300),
            Employees = -1,
            Country = "Germany",
            EstimatedDealSize = -5,
            Source = null,
            TechStack = ["ok", ""],
            CompanyDomain = "not a domain",
            ReceivedAt = Now.AddHours(1),
            Signals = [new Signal(SignalType.Webinar, Now.AddDays(1))],
        });
        Assert.Equal(
            ["company", "companyDomain", "country", "email", "employees", "estimatedDealSize", "firstName", "receivedAt", "signals[0].at", "source", "techStack[1]"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("DE", true)]
    [InlineData("de", true)]
    [InlineData("XK", true)]
    [InlineData("XX", false)]
    [InlineData("DEU", false)]
    [InlineData("UK", false)]
    public void Country_must_be_iso_alpha_2(string country, bool valid) =>
        Assert.Equal(valid, !Errors(TestData.Submission() with { Country = country }).ContainsKey("country"));

    [Fact]
    public void Name_of_256_characters_is_fine_257_is_not()
    {
        Assert.Empty(Errors(TestData.Submission() with { LastName = new string('n', 256) }));
        Assert.Contains("lastName", Errors(TestData.Submission() with { LastName = new string('n', 257) }).Keys);
    }

    [Fact]
    public void Timestamps_within_the_clock_skew_tolerance_are_accepted() =>
        Assert.Empty(Errors(TestData.Submission() with { ReceivedAt = Now.AddMinutes(4) }));

    [Fact]
    public void Non_latin_names_and_markup_are_accepted_as_plain_text() =>
        Assert.Empty(Errors(TestData.Submission() with { FirstName = "<script>alert(1)</script>", LastName = "O'Brien \"Jr\" 山田 Müller" }));
}
