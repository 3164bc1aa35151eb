using System.Globalization;
using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Web.Components.Shared;

namespace LeadRouting.Tests.Components;

/// <summary>
/// Issue 17: the configuration's own refusals (<see cref="ConfigurationValidator"/>), which the settings draft bar shows
/// when a change would make the whole document invalid, read German for a German person. Each mutation of the demo
/// configuration breaks one rule; every sentence the validator writes for them must have German.
/// </summary>
public sealed class ConfigurationProblemTextTests
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static JsonNode Demo() => JsonNode.Parse(ConfigurationLoader.Serialize(ConfigurationLoader.LoadDemo()))!;

    private static readonly (string Name, Action<JsonNode> Break)[] Mutations =
    [
        ("dedup window", d => d["policy"]!["dedup"]!["sameEmailWindowDays"] = 5000),
        ("fit threshold", d => d["policy"]!["fit"]!["strongThreshold"] = 150),
        ("account matching thresholds", d => d["policy"]!["accountMatching"] = new JsonObject { ["countsAt"] = 0.5, ["reviewFrom"] = 0.8 }),
        ("booking step", d => d["policy"]!["booking"]!["step"] = "00:07:30"),
        ("booking horizon", d => d["policy"]!["booking"]!["horizonBusinessDays"] = 0),
        ("booking treatment twice", d => d["policy"]!["booking"]!["bookableTreatments"] = new JsonArray("AeImmediate", "AeImmediate")),
        ("matrix row missing", d => d["policy"]!["matrix"]!.AsArray().RemoveAt(0)),
        ("no SDR levels", d => d["policy"]!["sdrLevels"] = new JsonArray()),
        ("no tiers", d => d["policy"]!["tiers"] = new JsonArray()),
        ("SLA name twice", d => d["policy"]!["slaPolicies"]![1]!["name"] = (string)d["policy"]!["slaPolicies"]![0]!["name"]!),
        ("zero SLA", d => d["policy"]!["slaPolicies"]![0]!["responseTarget"]!["amount"] = 0),
        ("bad zone", d => d["organisation"]!["calendars"]![0]!["timeZone"] = "Mars/Olympus"),
        ("hours backwards", d => { d["organisation"]!["calendars"]![0]!["hours"]![0]!["start"] = "18:00"; d["organisation"]!["calendars"]![0]!["hours"]![0]!["end"] = "09:00"; }),
        ("bad country", d => d["organisation"]!["regions"]![0]!["countries"]!.AsArray().Add("XX")),
        ("team calendar", d => d["organisation"]!["teams"]![0]!["calendarId"] = "nowhere"),
        ("team region", d => d["organisation"]!["teams"]![0]!["region"] = "Atlantis"),
        ("team target", d => d["organisation"]!["teams"]![0]!["slaTargetPercent"] = 0),
        ("team backup pool", d => d["organisation"]!["teams"]![0]!["backupPool"] = new JsonArray("ghost")),
        ("rep team", d => d["organisation"]!["reps"]![0]!["team"] = "nowhere"),
        ("rep weight", d => d["organisation"]!["reps"]![0]!["weight"] = 0),
        ("rep capacity", d => d["organisation"]!["reps"]![0]!["capacity"] = -1),
        ("rep backup", d => d["organisation"]!["reps"]![0]!["backup"] = (string)d["organisation"]!["reps"]![0]!["id"]!),
        ("segment team", d => d["organisation"]!["segments"]![0]!["team"] = "nowhere"),
        ("segment sizes", d => { d["organisation"]!["segments"]![0]!["minEmployees"] = 500; d["organisation"]!["segments"]![0]!["maxEmployees"] = 10; }),
        ("team twice", d => d["organisation"]!["teams"]![1]!["id"] = (string)d["organisation"]!["teams"]![0]!["id"]!),
        ("no catch-all", d => { var segments = d["organisation"]!["segments"]!.AsArray(); segments.RemoveAt(segments.Count - 1); }),
    ];

    [Fact]
    public void Every_refusal_the_validator_writes_for_a_broken_configuration_has_German()
    {
        var refusals = new List<(string Mutation, string Sentence)>();
        var accepted = new List<string>();
        foreach (var (name, breakIt) in Mutations)
        {
            var document = Demo();
            breakIt(document);
            if (Record.Exception(() => ConfigurationLoader.Parse(document.ToJsonString())) is ConfigurationException error)
            {
                refusals.AddRange(error.Errors.Select(e => (name, e)));
            }
            else
            {
                accepted.Add(name);
            }
        }

        Assert.True(accepted.Count == 0, "Not refused: " + string.Join(", ", accepted));

        Assert.True(refusals.Select(r => r.Sentence).Distinct().Count() >= Mutations.Length, "each mutation should break at least one rule");
        var untranslated = refusals.Where(r => TraceText.German(r.Sentence) is null).Select(r => $"{r.Mutation}: {r.Sentence}").ToList();
        Assert.True(untranslated.Count == 0, "Refusals without German:\n" + string.Join("\n", untranslated));
        Assert.Equal("Team „dach“: slaTargetPercent muss zwischen 1 und 100 liegen (angegeben: 0).",
            TraceText.Of("team 'dach': slaTargetPercent must be between 1 and 100 (got 0).", German));
    }
}
