using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Configuration;

/// <summary>The default configuration is one versioned JSON document holding every DESIGN.md table.</summary>
public class ConfigurationDocumentTests
{
    private readonly RoutingConfiguration _default = ConfigurationLoader.LoadDefault();

    [Fact]
    public void Default_document_has_the_current_schema_version_and_holds_every_table()
    {
        var policy = _default.Policy;
        Assert.Equal(RoutingConfiguration.CurrentSchemaVersion, _default.SchemaVersion);
        Assert.Contains("gmx.de", policy.Intake.FreeMailDomains);
        Assert.Equal(90, policy.Dedup.SameEmailWindowDays);
        Assert.Equal(30, policy.Intent.SignalWindowDays);
        Assert.Equal(10, policy.Intent.Rules.Count);
        Assert.Equal(60, policy.Fit.StrongThreshold);
        Assert.Equal(6, policy.Matrix.Count);
        Assert.Equal([DealTier.Small, DealTier.MidMarket, DealTier.Enterprise], policy.Tiers.Select(t => t.Tier));
        Assert.Equal(
            [("DemoRequest", "15 min", "30 min"), ("HighIntentMql", "4 h", "8 h"), ("Event", "24 h", "72 h"), ("Content", "5 business days", "10 business days")],
            policy.SlaPolicies.Select(p => (p.Name, p.ResponseTarget.ToString(), p.EscalationTrigger.ToString())));
    }

    [Fact]
    public void Document_round_trips_through_json()
    {
        var demo = ConfigurationLoader.LoadDemo();
        var json = ConfigurationLoader.Serialize(demo);
        Assert.Equal(json, ConfigurationLoader.Serialize(ConfigurationLoader.Parse(json)));
        Assert.Contains("\"schemaVersion\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"start\": \"09:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"action\": \"AeImmediate\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_organisation_has_every_rep_level_in_every_team_and_a_catch_all()
    {
        var demo = ConfigurationLoader.LoadDemo();
        foreach (var team in demo.Organisation.Teams.Where(t => t.Id.Value != "inbound"))
        {
            Assert.Equal(Enum.GetValues<RepLevel>().Length, demo.Organisation.Reps.Where(r => r.Team == team.Id).Select(r => r.Level).Distinct().Count());
        }

        Assert.Contains(demo.Organisation.Segments, s => s.IsCatchAll);
    }

    [Fact]
    public void Changing_a_value_in_the_document_changes_routing()
    {
        var node = JsonNode.Parse(ConfigurationLoader.Serialize(TestData.Configuration()))!;
        node["policy"]!["fit"]!["strongThreshold"] = 101 - 1; // only a perfect score is strong now
        var engine = new RoutingEngine(ConfigurationLoader.Parse(node.ToJsonString()));
        var decision = TestData.Route(engine, TestData.Submission(employees: 500, industry: "Software", country: "BR"));
        Assert.Equal((90, Fit.Weak, TreatmentAction.SdrQualify), (decision.FitScore, decision.Fit, decision.Action));
    }

    [Fact]
    public void Wrong_schema_version_is_refused()
    {
        var node = JsonNode.Parse(ConfigurationLoader.Serialize(_default))!;
        node["schemaVersion"] = 99;
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(node.ToJsonString()));
        Assert.Contains("schemaVersion must be 1 (got 99)", error.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_enum_and_unknown_field_are_refused_with_the_path()
    {
        var node = JsonNode.Parse(ConfigurationLoader.Serialize(_default))!;
        node["policy"]!["matrix"]![0]!["action"] = "CallTheCeo";
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(node.ToJsonString()));
        Assert.Contains("$.policy.matrix[0].action", error.Errors[0], StringComparison.Ordinal);

        node = JsonNode.Parse(ConfigurationLoader.Serialize(_default))!;
        node["policy"]!["surprise"] = true;
        Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(node.ToJsonString()));
    }

    [Fact]
    public void Validator_lists_every_semantic_problem()
    {
        var broken = TestData.Configuration() with
        {
            Policy = _default.Policy with
            {
                Matrix = [.. _default.Policy.Matrix.Skip(1)],
                SlaPolicies = [.. _default.Policy.SlaPolicies.Where(p => p.Name != "Event")],
            },
            Organisation = TestData.Configuration().Organisation with
            {
                Reps = [TestData.Rep("x", RepLevel.Sdr, weight: 0, team: "nope", backup: "x")],
                Segments = [new Segment { Id = new("s"), Name = "s", Priority = 1, Team = new("nope"), Countries = ["ZZ"] }],
                Calendars = [TestData.Berlin with { TimeZone = "Mars/Olympus" }],
            },
        };
        var errors = ConfigurationValidator.Validate(broken);
        Assert.Contains(errors, e => e.Contains("High intent × Strong fit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("source EventBadgeScan", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("rep 'x': unknown team 'nope'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("rep 'x': weight", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("rep 'x': backup", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'ZZ' is not an ISO country code", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("catch-all", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mars/Olympus", StringComparison.Ordinal));
        Assert.Throws<ConfigurationException>(() => new RoutingEngine(broken));
    }

    [Fact]
    public void Sla_durations_are_data()
    {
        var policy = _default.Policy.SlaPolicies[0] with { ResponseTarget = new SlaDuration(2, DurationUnit.Hours) };
        var due = SlaCalculator.Compute(policy, new BusinessCalendar(TestData.Berlin), TestData.Monday10Berlin, null).RespondBy;
        Assert.Equal(TestData.Monday10Berlin.AddHours(2), due);
        Assert.Equal(SignalType.DemoRequest, policy.Sources.Single());
    }
}
