using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Tests.Core;

namespace LeadRouting.Tests.Core.Configuration;

/// <summary>Issue 17: each team's SLA target (the board measures "% met" against it); optional, 90 % by default, 1–100.</summary>
public sealed class TeamSlaTargetTests
{
    private static JsonNode DefaultDocument() => JsonNode.Parse(ConfigurationLoader.Serialize(TestData.Configuration()))!;

    private static string WithTarget(JsonNode target)
    {
        var document = DefaultDocument();
        document["organisation"]!["teams"]![0]!["slaTargetPercent"] = target;
        return document.ToJsonString();
    }

    [Fact]
    public void A_team_without_a_target_commits_to_ninety_percent()
    {
        var team = ConfigurationLoader.Parse(DefaultDocument().ToJsonString()).Organisation.Teams[0];

        Assert.Null(team.SlaTargetPercent);
        Assert.Equal(0.9, team.SlaTargetShare);
    }

    [Fact]
    public void A_stated_target_round_trips()
    {
        var team = ConfigurationLoader.Parse(WithTarget(95)).Organisation.Teams[0];

        Assert.Equal((95, 0.95), (team.SlaTargetPercent, team.SlaTargetShare));
        Assert.Equal(95, ConfigurationLoader.Parse(ConfigurationLoader.Serialize(ConfigurationLoader.Parse(WithTarget(95)))).Organisation.Teams[0].SlaTargetPercent);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public void A_target_outside_one_to_a_hundred_is_refused_naming_the_team(int target)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(WithTarget(target)));

        Assert.Contains(error.Errors, e => e.Contains("slaTargetPercent must be between 1 and 100", StringComparison.Ordinal) && e.StartsWith("team '", StringComparison.Ordinal));
    }
}
