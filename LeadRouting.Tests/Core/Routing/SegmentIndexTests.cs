using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

public class SegmentIndexTests
{
    private static readonly Region[] Regions =
    [
        new() { Code = "DACH", Name = "DACH", Countries = ["DE", "AT", "CH"] },
        new() { Code = "NA", Name = "North America", Countries = ["US", "CA"] },
    ];

    private static Lead Lead(string? country = "DE", int? employees = 300, string? industry = "Software", SignalType source = SignalType.DemoRequest) => new()
    {
        Email = "a@b.io",
        Source = source,
        ReceivedAt = TestData.Monday10Berlin,
        Country = country,
        Employees = employees,
        Industry = industry,
    };

    private static Segment Segment(string id, int priority, string[]? countries = null, string[]? regions = null, int? min = null, int? max = null, string[]? industries = null, SignalType[]? sources = null) => new()
    {
        Id = new SegmentId(id),
        Name = id,
        Priority = priority,
        Team = TestData.Team,
        Countries = countries ?? [],
        Regions = regions ?? [],
        MinEmployees = min,
        MaxEmployees = max,
        Industries = industries ?? [],
        Sources = sources ?? [],
    };

    [Fact]
    public void First_match_by_priority_wins_not_list_order()
    {
        var index = new SegmentIndex([Segment("catch-all", 999), Segment("dach", 20, regions: ["DACH"]), Segment("dach-ent", 10, regions: ["DACH"], min: 1000)], Regions);
        Assert.Equal("dach", index.Match(Lead(employees: 300))!.Name);
        Assert.Equal("dach-ent", index.Match(Lead(employees: 5000))!.Name);
        Assert.Equal("catch-all", index.Match(Lead(country: "BR"))!.Name);
    }

    [Fact]
    public void Unknown_size_only_matches_segments_without_a_size_criterion()
    {
        var index = new SegmentIndex([Segment("big", 1, min: 100), Segment("any", 2)], Regions);
        Assert.Equal("any", index.Match(Lead(employees: null))!.Name);
    }

    [Fact]
    public void Industry_and_source_criteria_apply()
    {
        var index = new SegmentIndex(
            [Segment("fin-events", 1, industries: ["Fintech"], sources: [SignalType.EventBadgeScan]), Segment("fin", 2, industries: ["fintech"]), Segment("rest", 3)],
            Regions);
        Assert.Equal("fin-events", index.Match(Lead(industry: "Fintech", source: SignalType.EventBadgeScan))!.Name);
        Assert.Equal("fin", index.Match(Lead(industry: "FINTECH", source: SignalType.DemoRequest))!.Name);
        Assert.Equal("rest", index.Match(Lead(industry: null))!.Name);
    }

    [Fact]
    public void No_segments_no_match() => Assert.Null(new SegmentIndex([], Regions).Match(Lead()));

    private static readonly string[] Countries = ["DE", "AT", "US", "GB", "BR"];
    private static readonly string[] Industries = ["Software", "Fintech", "Retail"];

    private static readonly Gen<Segment> SegmentGen =
        from priority in Gen.Choose(1, 50)
        from countries in Gen.SubListOf(Countries)
        from regions in Gen.SubListOf(new[] { "DACH", "NA" })
        from min in Gen.Elements<int?>(null, 0, 50, 200, 1000)
        from span in Gen.Elements<int?>(null, 0, 100, 5000)
        from industries in Gen.SubListOf(Industries)
        from sources in Gen.SubListOf(Enum.GetValues<SignalType>())
        select Segment("s", priority, [.. countries.Where(_ => countries.Count < 4)], [.. regions], min, min is { } m && span is { } s ? m + s : null, [.. industries.Where(_ => industries.Count < 3)], [.. sources.Where(_ => sources.Count < 5)]);

    private static readonly Gen<Lead> LeadGen =
        from country in Gen.Elements<string?>(null, "DE", "AT", "CH", "US", "CA", "GB", "BR", "JP")
        from employees in Gen.Elements<int?>(null, 0, 49, 50, 150, 200, 999, 1000, 6000)
        from industry in Gen.Elements<string?>(null, "Software", "fintech", "Retail", "Mining")
        from source in Gen.Elements(Enum.GetValues<SignalType>())
        select Lead(country, employees, industry, source);

    /// <summary>The index must agree with the obvious linear scan over predicates in priority order.</summary>
    [Property(MaxTest = 500)]
    public Property Index_agrees_with_a_linear_scan() =>
        Prop.ForAll(
            Gen.Zip(SegmentGen.ListOf().Where(s => s.Count <= 150), LeadGen.ListOf()).ToArbitrary(),
            ((List<Segment> Segments, List<Lead> Leads) p) =>
            {
                var segments = p.Segments.Select((s, i) => s with { Id = new SegmentId($"s{i}"), Name = $"s{i}" }).ToList();
                var index = new SegmentIndex(segments, Regions);
                var ordered = segments.Select((s, i) => (s, i)).OrderBy(x => x.s.Priority).ThenBy(x => x.i).Select(x => x.s).ToList();
                foreach (var lead in p.Leads)
                {
                    var expected = ordered.FirstOrDefault(s => Matches(s, lead));
                    Assert.Equal(expected?.Id, index.Match(lead)?.Id);
                }
            });

    private static bool Matches(Segment s, Lead lead)
    {
        var geo = s.Countries.Concat(s.Regions.SelectMany(r => Regions.First(x => x.Code == r).Countries)).ToList();
        return (geo.Count == 0 || (lead.Country is not null && geo.Contains(lead.Country)))
            && (s.Industries.Count == 0 || (lead.Industry is not null && s.Industries.Contains(lead.Industry, StringComparer.OrdinalIgnoreCase)))
            && (s.Sources.Count == 0 || s.Sources.Contains(lead.Source))
            && (s.MinEmployees is null || (lead.Employees is { } e1 && e1 >= s.MinEmployees))
            && (s.MaxEmployees is null || (lead.Employees is { } e2 && e2 <= s.MaxEmployees));
    }

    [Fact]
    public void Thousands_of_segments_still_find_the_catch_all()
    {
        var segments = Enumerable.Range(0, 5_000)
            .Select(i => Segment($"s{i}", i, countries: ["DE"], min: i * 10, max: (i * 10) + 5))
            .Append(Segment("catch-all", 10_000))
            .ToList();
        var index = new SegmentIndex(segments, Regions);
        Assert.Equal("s42", index.Match(Lead(employees: 423))!.Name);
        Assert.Equal("catch-all", index.Match(Lead(employees: 427))!.Name);
        Assert.Equal("catch-all", index.Match(Lead(country: "US", employees: 420))!.Name);
    }
}
