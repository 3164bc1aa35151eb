using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Routing;
using LeadRouting.Web.Localization;

namespace LeadRouting.Tests.Components;

/// <summary>Which zone a person's times are shown in: their choice, else their calendar's.</summary>
public sealed class PersonZoneTests
{
    private static readonly Organisation Organisation = new()
    {
        Regions = [new Region { Code = "US", Name = "North America", ManagerEmail = "us.boss@example.com" }],
        Calendars =
        [
            new CalendarDefinition { Id = "berlin", Name = "Berlin", TimeZone = "Europe/Berlin", Hours = [] },
            new CalendarDefinition { Id = "nyc", Name = "New York", TimeZone = "America/New_York", Hours = [] },
            new CalendarDefinition { Id = "london", Name = "London", TimeZone = "Europe/London", Hours = [] },
        ],
        Teams =
        [
            new Team { Id = new TeamId("dach"), Name = "DACH", Region = "DACH", CalendarId = "berlin", ManagerEmail = "katrin@example.com" },
            new Team { Id = new TeamId("us"), Name = "US", Region = "US", CalendarId = "nyc" },
        ],
        Reps =
        [
            new Rep { Id = new RepId("anna"), Name = "Anna", Level = RepLevel.MidAe, Team = new TeamId("us"), Capacity = 10 },
            new Rep { Id = new RepId("lena"), Name = "Lena", Level = RepLevel.MidAe, Team = new TeamId("us"), Capacity = 10, CalendarId = "london" },
        ],
    };

    [Theory]
    [InlineData(null, "anna", null, "America/New_York")] // a rep: their team's calendar
    [InlineData(null, "lena", null, "Europe/London")] // a rep with their own calendar
    [InlineData(null, null, "Katrin@Example.com", "Europe/Berlin")] // a manager of a team
    [InlineData(null, null, "us.boss@example.com", "America/New_York")] // a manager of a region
    [InlineData(null, null, "ops@example.com", "Europe/Berlin")] // nobody's: the first calendar
    [InlineData("Asia/Tokyo", "anna", null, "Asia/Tokyo")] // a choice wins
    [InlineData("Not/AZone", "anna", null, "America/New_York")] // an unknown choice is ignored
    public void The_zone_is_the_persons_choice_else_their_calendars(string? preference, string? repId, string? email, string expected)
    {
        Assert.Equal(expected, PersonZone.For(Organisation, preference, repId, email).Id);
    }

    [Fact]
    public void Without_calendars_the_home_markets_zone()
    {
        Assert.Equal(PersonZone.Fallback, PersonZone.For(new Organisation(), null, "anna", null).Id);
    }
}
