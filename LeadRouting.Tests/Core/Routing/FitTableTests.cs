using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>DESIGN.md §4, one test per criterion and band, plus the Strong/Weak boundary.</summary>
public class FitTableTests
{
    private static readonly FitPolicy Policy = ConfigurationLoader.LoadDefault().Policy.Fit;

    private static Lead Lead(int? employees = null, string? industry = null, string[]? tech = null, string? country = null) => new()
    {
        Email = "a@b.io",
        Source = SignalType.DemoRequest,
        ReceivedAt = TestData.Monday10Berlin,
        Employees = employees,
        Industry = industry,
        TechStack = tech ?? [],
        Country = country,
    };

    [Theory]
    [InlineData(200, 40)]
    [InlineData(5000, 40)]
    [InlineData(199, 20)]
    [InlineData(50, 20)]
    [InlineData(49, 0)]
    [InlineData(0, 0)]
    public void Employees_band_points(int employees, int points) =>
        Assert.Equal(points, new FitScorer(Policy).Score(Lead(employees)).Score);

    [Fact]
    public void Unknown_company_size_scores_no_size_points() =>
        Assert.Equal(0, new FitScorer(Policy).Score(Lead()).SizePoints);

    [Theory]
    [InlineData("Software")]
    [InlineData("Fintech")]
    [InlineData("Financial Services")]
    [InlineData("E-Commerce")]
    [InlineData("software")]
    public void Icp_industry_scores_30(string industry) =>
        Assert.Equal(30, new FitScorer(Policy).Score(Lead(industry: industry)).Score);

    [Fact]
    public void Other_industry_scores_0() =>
        Assert.Equal(0, new FitScorer(Policy).Score(Lead(industry: "Agriculture")).Score);

    [Theory]
    [InlineData("Salesforce")]
    [InlineData("HubSpot")]
    [InlineData("Snowflake")]
    [InlineData("Segment")]
    public void Shared_tech_stack_scores_20_once(string tool) =>
        Assert.Equal(20, new FitScorer(Policy).Score(Lead(tech: ["Excel", tool, "Salesforce"])).Score);

    [Theory]
    [InlineData("DE")]
    [InlineData("AT")]
    [InlineData("CH")]
    [InlineData("GB")]
    [InlineData("FR")]
    [InlineData("NL")]
    [InlineData("US")]
    public void Core_country_scores_10(string country) =>
        Assert.Equal(10, new FitScorer(Policy).Score(Lead(country: country)).Score);

    [Fact]
    public void Other_country_scores_0() =>
        Assert.Equal(0, new FitScorer(Policy).Score(Lead(country: "BR")).Score);

    [Fact]
    public void All_criteria_sum_to_100_and_strong() =>
        Assert.Equal((100, Fit.Strong), Score(Policy, Lead(1000, "Software", ["Snowflake"], "US")));

    [Fact]
    public void Score_60_is_strong() =>
        Assert.Equal((60, Fit.Strong), Score(Policy, Lead(employees: 250, tech: ["HubSpot"])));

    [Fact]
    public void Score_59_is_weak()
    {
        // The default points are multiples of ten; a policy with 29 industry points reaches 59 exactly.
        var policy = Policy with { Industries = Policy.Industries with { Points = 29 } };
        Assert.Equal((59, Fit.Weak), Score(policy, Lead(industry: "Software", tech: ["HubSpot"], country: "DE")));
    }

    [Fact]
    public void Score_50_is_weak() =>
        Assert.Equal((50, Fit.Weak), Score(Policy, Lead(employees: 60, industry: "Fintech")));

    private static (int, Fit) Score(FitPolicy policy, Lead lead)
    {
        var result = new FitScorer(policy).Score(lead);
        return (result.Score, result.Fit);
    }
}
