using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Configuration;

/// <summary><c>policy.fallback</c>: the fallback chain as data — its default, old documents, bad steps and the draft diff.</summary>
public sealed class FallbackChainConfigurationTests
{
    private static JsonNode DefaultDocument() => JsonNode.Parse(ConfigurationLoader.Serialize(TestData.Configuration()))!;

    private static string WithChain(params string[] steps)
    {
        var document = DefaultDocument();
        document["policy"]!["fallback"] = new JsonArray([.. steps.Select(s => (JsonNode)JsonValue.Create(s))]);
        return document.ToJsonString();
    }

    [Fact]
    public void Default_chain_is_owner_s_backup_then_segment_pool_then_team_backup_pool()
    {
        Assert.Equal([FallbackStep.OwnerBackup, FallbackStep.SegmentPool, FallbackStep.TeamBackupPool], ConfigurationLoader.LoadDefault().Policy.Fallback);
        Assert.Equal("owner's backup → segment pool at the lead's tier → team backup pool → Unassigned", FallbackChain.Describe(FallbackChain.Default));
    }

    [Fact]
    public void A_stored_document_without_the_chain_reads_with_the_default_and_routes()
    {
        var document = DefaultDocument();
        Assert.True(document["policy"]!.AsObject().Remove("fallback"));

        var config = ConfigurationLoader.Parse(document.ToJsonString());

        Assert.Equal(RoutingConfiguration.CurrentSchemaVersion, config.SchemaVersion);
        Assert.Equal(FallbackChain.Default, config.Policy.Fallback);
        Assert.Equal(LeadRouting.Core.Leads.LeadStage.Assigned, TestData.Route(new RoutingEngine(config), TestData.Submission()).Status);
    }

    [Fact]
    public void An_edited_chain_round_trips_in_its_order()
    {
        var config = ConfigurationLoader.Parse(WithChain("TeamBackupPool", "OwnerBackup"));

        Assert.Equal([FallbackStep.TeamBackupPool, FallbackStep.OwnerBackup], config.Policy.Fallback);
        Assert.Contains("\"fallback\": [\n      \"TeamBackupPool\",\n      \"OwnerBackup\"\n    ]", ConfigurationLoader.Serialize(config).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_chain_is_allowed()
    {
        Assert.Empty(ConfigurationLoader.Parse(WithChain()).Policy.Fallback);
    }

    [Fact]
    public void An_unknown_step_is_refused_naming_the_place_and_the_known_steps()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(WithChain("OwnerBackup", "RegionManager")));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("$.policy.fallback[1]: ", message, StringComparison.Ordinal);
        Assert.Contains("'RegionManager' is not a fallback step (known: OwnerBackup, SegmentPool, TeamBackupPool).", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ownerBackup")]
    [InlineData("1")]
    [InlineData("OwnerBackup, SegmentPool")]
    public void A_step_is_read_only_by_its_exact_name(string step) =>
        Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(WithChain(step)));

    [Fact]
    public void A_number_instead_of_a_step_name_is_refused()
    {
        var document = DefaultDocument();
        document["policy"]!["fallback"] = new JsonArray(0);
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(document.ToJsonString()));
        Assert.Contains("is not a fallback step", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_twice_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(WithChain("SegmentPool", "OwnerBackup", "SegmentPool")));

        Assert.Equal(["policy.fallback: step SegmentPool appears 2 times; each step may appear once."], error.Errors);
    }

    [Fact]
    public void A_missing_list_and_out_of_range_steps_are_refused_by_the_validator()
    {
        var config = TestData.Configuration();

        Assert.Equal(
            ["policy.fallback must be a list of steps ([] for none: Unassigned right after the first choice)."],
            ConfigurationValidator.Validate(config with { Policy = config.Policy with { Fallback = null! } }));
        Assert.Equal(
            ["policy.fallback: unknown step 7 (known: OwnerBackup, SegmentPool, TeamBackupPool)."],
            ConfigurationValidator.Validate(config with { Policy = config.Policy with { Fallback = [(FallbackStep)7] } }));
        Assert.Throws<ConfigurationException>(() => new RoutingEngine(config with { Policy = config.Policy with { Fallback = [FallbackStep.OwnerBackup, FallbackStep.OwnerBackup] } }));
    }

    [Fact]
    public void The_draft_diff_shows_the_whole_chain_before_and_after()
    {
        var before = TestData.Configuration();
        var reordered = before with { Policy = before.Policy with { Fallback = [FallbackStep.SegmentPool, FallbackStep.OwnerBackup] } };

        var change = Assert.Single(ConfigurationDiff.Between(before, reordered));

        Assert.Equal("policy.fallback: OwnerBackup, SegmentPool, TeamBackupPool → SegmentPool, OwnerBackup", change.Text);
        Assert.Equal(
            "policy.fallback: OwnerBackup, SegmentPool, TeamBackupPool → (none)",
            Assert.Single(ConfigurationDiff.Between(before, before with { Policy = before.Policy with { Fallback = [] } })).Text);
    }

    [Fact]
    public void A_version_stored_before_the_chain_existed_differs_in_nothing_from_the_same_document_with_the_default_chain()
    {
        var document = DefaultDocument();
        document["policy"]!.AsObject().Remove("fallback");

        Assert.Empty(ConfigurationDiff.Between(document.ToJsonString(), ConfigurationLoader.Serialize(TestData.Configuration())));
    }
}
