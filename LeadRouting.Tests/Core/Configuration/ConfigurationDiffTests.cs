using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Configuration;

public sealed class ConfigurationDiffTests
{
    private static readonly RoutingConfiguration Demo = ConfigurationLoader.LoadDemo();

    private static IReadOnlyList<string> Lines(RoutingConfiguration after) =>
        [.. ConfigurationDiff.Between(Demo, after).Select(c => c.Text)];

    [Fact]
    public void The_same_document_has_no_changes() => Assert.Empty(ConfigurationDiff.Between(Demo, Demo));

    /// <summary>
    /// A version stored before account matching and booking existed reads with their defaults, so the first draft after
    /// the upgrade lists what Ops changed and nothing the new code merely writes out; a real change is still listed.
    /// </summary>
    [Fact]
    public void A_version_stored_before_later_sections_existed_differs_only_in_what_was_changed()
    {
        var stored = System.Text.Json.Nodes.JsonNode.Parse(ConfigurationLoader.Serialize(Demo))!;
        var policy = stored["policy"]!.AsObject();
        Assert.True(policy.Remove("accountMatching") && policy.Remove("booking"), "the sections this test is about are not written out");
        var current = ConfigurationLoader.Serialize(Demo);
        Assert.Empty(ConfigurationDiff.Between(stored.ToJsonString(), current));

        var changed = Demo with { Policy = Demo.Policy with { Booking = Demo.Policy.Booking with { Duration = TimeSpan.FromMinutes(45) } } };
        Assert.Equal(["policy.booking.duration"], ConfigurationDiff.Between(stored.ToJsonString(), ConfigurationLoader.Serialize(changed)).Select(c => c.Path));
    }

    [Fact]
    public void A_changed_value_is_named_by_the_item_s_id_not_its_position()
    {
        var after = Demo with
        {
            Organisation = Demo.Organisation with
            {
                Reps = [.. Demo.Organisation.Reps.Select(r => r.Id.Value == "dach-mid-1" ? r with { Capacity = 33 } : r)],
            },
        };

        Assert.Equal(["Clara Fischer: capacity 20 → 33"], Lines(after));
        Assert.Equal(["organisation.reps[dach-mid-1].capacity"], ConfigurationDiff.Between(Demo, after).Select(c => c.Path));
    }

    [Fact]
    public void Added_and_removed_items_and_list_values_are_reported_once_each()
    {
        var first = Demo.Organisation.Reps[0];
        var added = first with { Id = new RepId("dach-new-1"), Name = "Neue Kollegin" };
        var policy = Demo.Policy;
        var after = Demo with
        {
            Policy = policy with
            {
                Fit = policy.Fit with { Industries = policy.Fit.Industries with { Values = [.. policy.Fit.Industries.Values.Where(v => v != "Fintech"), "Healthcare"] } },
                Matrix = [.. policy.Matrix.Select(r => r.Intent == Intent.High && r.Fit == Fit.Weak ? r with { Action = TreatmentAction.Nurture } : r)],
            },
            Organisation = Demo.Organisation with { Reps = [added, .. Demo.Organisation.Reps.Skip(1)] },
        };

        var lines = Lines(after);

        Assert.Contains("policy.fit.industries.values: − Fintech + Healthcare", lines);
        Assert.Contains("matrix High × Weak: action SdrQualify → Nurture", lines);
        Assert.Contains($"Removed rep {first.Name}", lines);
        Assert.Contains("Added rep Neue Kollegin", lines);
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public void Reordering_keyed_items_is_no_change()
    {
        var after = Demo with { Organisation = Demo.Organisation with { Reps = [.. Demo.Organisation.Reps.Reverse()] } };

        Assert.Empty(ConfigurationDiff.Between(Demo, after));
    }
}
