using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Routing;

/// <summary>The ICP fit score, 0–100 (DESIGN.md §4).</summary>
public sealed class FitScorer(FitPolicy policy)
{
    private readonly EmployeeBand[] _bands = [.. policy.EmployeeBands.OrderByDescending(b => b.MinEmployees)];
    private readonly HashSet<string> _industries = new(policy.Industries.Values, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _techStack = new(policy.TechStack.Values, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _countries = new(policy.Countries.Values, StringComparer.OrdinalIgnoreCase);

    public FitResult Score(Lead lead)
    {
        var sizePoints = 0;
        if (lead.Employees is { } employees)
        {
            foreach (var band in _bands)
            {
                if (employees >= band.MinEmployees)
                {
                    sizePoints = band.Points;
                    break;
                }
            }
        }

        var industryPoints = lead.Industry is { } industry && _industries.Contains(industry.Trim()) ? policy.Industries.Points : 0;
        var techPoints = 0;
        foreach (var tech in lead.TechStack)
        {
            if (_techStack.Contains(tech.Trim()))
            {
                techPoints = policy.TechStack.Points;
                break;
            }
        }

        var countryPoints = lead.Country is { } country && _countries.Contains(country) ? policy.Countries.Points : 0;
        var score = Math.Clamp(sizePoints + industryPoints + techPoints + countryPoints, 0, 100);
        return new FitResult(score, score >= policy.StrongThreshold ? Fit.Strong : Fit.Weak, sizePoints, industryPoints, techPoints, countryPoints);
    }
}

public sealed record FitResult(int Score, Fit Fit, int SizePoints, int IndustryPoints, int TechStackPoints, int CountryPoints)
{
    public string Explain(int threshold) =>
        $"size {SizePoints} + industry {IndustryPoints} + tech stack {TechStackPoints} + country {CountryPoints} = {Score} " +
        $"({(Fit == Fit.Strong ? "≥" : "<")} {threshold}) → {Fit}";
}
