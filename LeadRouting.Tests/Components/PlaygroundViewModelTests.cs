using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Components.Pages.Playground;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary>The playground's view model over the app's real preview (published version 1, demo reps' live states).</summary>
public sealed class PlaygroundViewModelTests(LeadRoutingApiFactory app) : IClassFixture<LeadRoutingApiFactory>
{
    private static readonly DateTimeOffset Now = ComponentTestContext.Now;
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private readonly PreviewService _preview = app.Services.GetRequiredService<PreviewService>();

    private async Task<PlaygroundViewModel> StartAsync()
    {
        var model = new PlaygroundViewModel(_preview);
        await model.InitializeAsync(CancellationToken.None);
        return model;
    }

    [Fact]
    public async Task Starts_with_the_first_preset_routed_now()
    {
        var model = await StartAsync();

        Assert.Same(LeadPresets.Default, model.Preset);
        Assert.Equal("Europe/Berlin", model.ZoneId);
        Assert.Equal("2026-11-30T16:00", model.RouteAt);
        Assert.Equal("David Wagner", model.Decision!.Owner);
        Assert.Equal(Now, model.Result!.RoutedAt);
        Assert.Equal(new ConfigurationStamp(1, "system", Now), model.Result.Configuration);
        Assert.Equal("version 1, published by system on Mon 30 Nov 2026, 16:00", model.Decision.RoutedWith);
    }

    [Fact]
    public async Task Starts_in_the_persons_zone_which_is_offered_even_without_a_calendar_in_it()
    {
        using var english = CultureScope.Of("en-GB");
        var model = new PlaygroundViewModel(_preview);
        await model.InitializeAsync(CancellationToken.None, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

        Assert.Equal("Asia/Tokyo", model.ZoneId);
        Assert.Equal("Asia/Tokyo", model.TimeZones[0].Id);
        Assert.Equal("2026-12-01T00:00", model.RouteAt); // Monday 15:00 UTC is Tuesday midnight in Tokyo
        Assert.Equal("version 1, published by system on Tue 1 Dec 2026, 00:00", model.Decision!.RoutedWith);
    }

    [Fact]
    public async Task Every_preset_fills_the_form_and_routes_without_a_field_error()
    {
        var model = await StartAsync();

        Assert.Equal(7, LeadPresets.All.Select(p => p.Name).Distinct().Count());
        foreach (var preset in LeadPresets.All)
        {
            await model.ApplyPresetAsync(preset);

            Assert.False(model.HasErrors, $"{preset.Name}: {string.Join("; ", model.Errors)}");
            Assert.NotNull(model.Decision);
            Assert.Contains("@", model.Lead.Email, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(model.Lead.Company));
        }
    }

    [Fact]
    public async Task Friday_preset_routes_the_first_presets_lead_with_its_signal_dated_back_from_friday()
    {
        var model = await StartAsync();

        await model.ApplyPresetAsync(LeadPresets.Named("Demo request, Friday 17:55 Berlin"));

        Assert.Equal("jana.richter@brightlabs.de", model.Lead.Email);
        Assert.Equal(30_000m, model.Lead.EstimatedDealSize);
        var signal = Assert.Single(model.Lead.Signals);
        Assert.Equal(SignalType.PricingPageVisit, signal.Type);
        Assert.Equal("2026-11-25T17:55", signal.At);
    }

    [Fact]
    public async Task Offers_the_zones_of_the_published_calendars_named_after_them()
    {
        var model = await StartAsync();

        Assert.Equal(
            ["Europe/Berlin", "Europe/London", "America/New_York", "Etc/UTC"],
            model.TimeZones.Select(z => z.Id));
        Assert.Equal("Berlin office", model.ZoneLabel);
        Assert.Equal("Follow the sun (24/7)", model.TimeZones[^1].Label);
    }

    [Fact]
    public async Task Routing_time_more_than_a_year_away_is_a_field_error()
    {
        var model = await StartAsync();

        model.RouteAt = "2030-01-01T10:00";
        await model.RecomputeAsync();

        Assert.Null(model.Decision);
        Assert.StartsWith("Must lie within 366 days of now", model.ErrorFor(FieldNames.RouteAt), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Friday_evening_demo_request_is_due_on_monday_morning_in_business_time()
    {
        var model = await StartAsync();

        await model.ApplyPresetAsync(LeadPresets.Named("Demo request, Friday 17:55 Berlin"));

        Assert.Equal("2026-11-27T17:55", model.RouteAt);
        Assert.Equal("Assigned", model.Decision!.StatusText);
        Assert.Equal("Mon 30 Nov 2026, 09:10", Fact(model, "Respond by").Value);
    }

    [Fact]
    public async Task Same_wall_clock_time_in_another_zone_is_another_instant()
    {
        var model = await StartAsync();

        model.ZoneId = "America/New_York";
        await model.RecomputeAsync();

        Assert.Equal(Now.AddHours(6), model.Result!.RoutedAt);
    }

    [Fact]
    public async Task Unreadable_routing_time_is_a_field_error()
    {
        var model = await StartAsync();

        model.RouteAt = "";
        await model.RecomputeAsync();

        Assert.Null(model.Decision);
        Assert.Equal("Enter a date and time.", model.ErrorFor(FieldNames.RouteAt));
    }

    [Fact]
    public async Task Signal_in_the_future_of_the_routing_time_is_an_error_on_its_row()
    {
        var model = await StartAsync();

        model.Lead.Signals[0].At = "2026-12-24T10:00";
        await model.RecomputeAsync();

        Assert.True(model.HasError(FieldNames.SignalAt(0)));
        Assert.Equal("Must not lie in the future.", model.ErrorFor(FieldNames.SignalAt(0)));
    }

    [Fact]
    public async Task Tech_stack_field_shows_the_errors_of_its_items()
    {
        var model = await StartAsync();

        model.Lead.TechStack = "HubSpot, " + new string('x', 300);
        await model.RecomputeAsync();

        Assert.True(model.HasTechStackError);
        Assert.Equal("techStack[1]: Must be at most 256 characters (got 300).", model.TechStackErrors);
    }

    [Fact]
    public async Task Removing_the_only_high_intent_signal_changes_nothing_when_the_source_is_high_intent()
    {
        var model = await StartAsync();

        await model.RemoveSignalAsync(model.Lead.Signals[0]);

        Assert.Empty(model.Lead.Signals);
        Assert.Equal("High", Fact(model, "Intent").Value);
    }

    [Fact]
    public void Form_becomes_the_submission_the_api_would_read()
    {
        var form = new LeadFormModel
        {
            Email = "jana@brightlabs.de",
            Country = "",
            TechStack = " HubSpot , ,Snowflake ",
            ReceivedAt = "2026-11-30T09:30",
        };
        form.Signals.Add(new SignalRow { Type = SignalType.Webinar, At = "2026-11-29T10:00" });
        var errors = new FieldErrors();

        var submission = form.ToSubmission(Berlin, errors);

        Assert.True(errors.IsEmpty);
        Assert.Null(submission.Country);
        Assert.Equal(["HubSpot", "Snowflake"], submission.TechStack);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 30, 0, TimeSpan.Zero), submission.ReceivedAt);
        Assert.Equal([new Signal(SignalType.Webinar, new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero))], submission.Signals);
    }

    [Theory]
    [InlineData("2026-11-30T10:00", "2026-11-30T09:00:00+00:00")]
    [InlineData("2026-03-29T02:30", "2026-03-29T01:30:00+00:00")] // skipped by the spring DST change: moves forward
    [InlineData("2026-10-25T02:30", "2026-10-25T00:30:00+00:00")] // happens twice in autumn: the earlier instant
    public void Wall_clock_text_is_read_in_the_chosen_zone(string text, string expected)
    {
        Assert.True(LocalTime.TryParse(text, Berlin, out var instant));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    [Fact]
    public void A_time_field_that_does_not_parse_is_null_with_its_field_error()
    {
        var errors = new FieldErrors();

        Assert.Null(LocalTime.Read("30.11.2026 16:00", Berlin, "signals[1].at", errors));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), LocalTime.Read("2026-11-30T16:00", Berlin, "receivedAt", errors));

        var error = Assert.Single(errors.ToDictionary());
        Assert.Equal("signals[1].at", error.Key);
        Assert.Equal(["Enter a date and time."], error.Value);
    }

    [Fact]
    public async Task A_bad_signal_time_is_a_field_error_under_that_signal_and_no_decision()
    {
        var model = await StartAsync();

        model.Lead.Signals[0].At = "yesterday";
        await model.RecomputeAsync();

        Assert.Null(model.Decision);
        Assert.Equal("Enter a date and time.", model.ErrorFor(FieldNames.SignalAt(0)));
    }

    [Theory]
    [InlineData(15, "15 min")]
    [InlineData(240, "4 h")]
    [InlineData(250, "4 h 10 min")]
    [InlineData(2 * 24 * 60, "2 d")]
    [InlineData(3 * 24 * 60 + 125, "3 d 2 h")]
    [InlineData(-30, "-30 min")]
    public void Durations_read_like_people_write_them(int minutes, string expected) =>
        Assert.Equal(expected, LocalTime.Duration(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData("ManualReview", "Manual review")]
    [InlineData("Assigned", "Assigned")]
    [InlineData("NurtureOrDisqualify", "Nurture or disqualify")]
    public void Enum_names_become_words(string name, string expected) =>
        Assert.Equal(expected, RoutingWords.Of(name));

    private static DecisionFact Fact(PlaygroundViewModel model, string label) =>
        model.Decision!.Facts.Single(f => f.Key == label);
}
