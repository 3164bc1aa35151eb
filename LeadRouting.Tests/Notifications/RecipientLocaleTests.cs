using System.Globalization;
using LeadRouting.Core.Configuration;
using LeadRouting.Web.Notifications;

namespace LeadRouting.Tests.Notifications;

/// <summary>Which language and zone a notification's recipient reads it in, over the demo organisation's calendars.</summary>
public sealed class RecipientLocaleTests
{
    private static readonly Organisation Demo = DemoRoster.Configuration().Organisation;

    [Theory]
    [InlineData("dach-mid-1", "de-DE", "Europe/Berlin")]
    [InlineData("uki-mid-1", "en-GB", "Europe/London")]
    [InlineData("na-mid-1", "en-GB", "America/New_York")]
    [InlineData("inbound-mid-1", "en-GB", "Etc/UTC")]
    public void Without_a_choice_a_rep_reads_their_team_calendars_zone_and_German_only_in_a_DACH_zone(string repId, string culture, string zone)
    {
        var locale = RecipientLocale.Of(Demo, person: null, repId, $"{repId}@leadrouting.demo");

        Assert.Equal((culture, zone), (locale.Culture.Name, locale.Zone.Id));
    }

    [Fact]
    public void A_manager_without_an_account_reads_the_calendar_of_the_team_they_manage()
    {
        var locale = RecipientLocale.Of(Demo, person: null, repId: null, "maria.gonzalez@leadrouting.demo");

        Assert.Equal(("en-GB", "America/New_York"), (locale.Culture.Name, locale.Zone.Id));
    }

    [Fact]
    public void A_persons_own_choices_beat_the_calendar_and_unknown_choices_are_ignored()
    {
        var chosen = RecipientLocale.Of(Demo, new NotifiedPerson("dach-mid-1@leadrouting.demo", "dach-mid-1", "en-US", "America/Chicago"), null, "dach-mid-1@leadrouting.demo");
        var unknown = RecipientLocale.Of(Demo, new NotifiedPerson("dach-mid-1@leadrouting.demo", "dach-mid-1", "fr-FR", "Mars/Olympus"), null, "dach-mid-1@leadrouting.demo");

        Assert.Equal(("en-US", "America/Chicago"), (chosen.Culture.Name, chosen.Zone.Id));
        Assert.Equal(("de-DE", "Europe/Berlin"), (unknown.Culture.Name, unknown.Zone.Id));
    }

    [Theory]
    [InlineData("Europe/Berlin", "de-DE")]
    [InlineData("Europe/Vienna", "de-AT")]
    [InlineData("Europe/Zurich", "de-CH")]
    [InlineData("Europe/London", "en-GB")]
    [InlineData("Asia/Tokyo", "en-GB")]
    public void The_default_language_is_German_in_the_formats_of_the_DACH_country_else_British_English(string zone, string culture) =>
        Assert.Equal(culture, RecipientLocale.DefaultCulture(TimeZoneInfo.FindSystemTimeZoneById(zone)).Name);

    [Fact]
    public void A_team_channel_speaks_like_its_manager_else_by_its_calendar()
    {
        var na = RecipientLocale.OfTeam(Demo, "na", manager: null);
        var dachWithEnglishManager = RecipientLocale.OfTeam(Demo, "dach", new NotifiedPerson("katrin.vogel@leadrouting.demo", null, "en-GB", null));
        var noTeam = RecipientLocale.OfTeam(Demo, teamId: null, manager: null);

        Assert.Equal(("en-GB", "America/New_York"), (na.Culture.Name, na.Zone.Id));
        Assert.Equal(("en-GB", "Europe/Berlin"), (dachWithEnglishManager.Culture.Name, dachWithEnglishManager.Zone.Id));
        Assert.Equal(("de-DE", "Europe/Berlin"), (noTeam.Culture.Name, noTeam.Zone.Id));
    }

    [Fact]
    public void Speaking_switches_the_culture_for_the_render_and_restores_it()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var locale = new RecipientLocale(CultureInfo.GetCultureInfo("de-CH"), TimeZoneInfo.Utc);

        using (locale.Speak())
        {
            Assert.Equal(("de-CH", "de-CH"), (CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name));
        }

        Assert.Equal(before, (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture));
    }
}
