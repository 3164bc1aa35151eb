using LeadRouting.Core.Leads;

namespace LeadRouting.Tests.Core.Golden;

/// <summary>
/// A reproducible mix of submissions (fixed seed) that walks most paths of routing and its trace: every source, sizes on
/// and around the policy's bounds, deal sizes on the tier bounds, fit and non-fit industries and technologies, the demo
/// accounts' domains (named account, customer, an account without an owner), free-mail addresses, repeat people
/// (merges), referrals, countries no segment covers and leads without a country, earlier signals in and out of the
/// intent window. Used to pin the trace's text and the replay's result (issue 21) against what they were before.
/// </summary>
internal static class GoldenLeads
{
    private static readonly SignalType[] Sources = Enum.GetValues<SignalType>();
    private static readonly string?[] Countries = ["DE", "AT", "CH", "GB", "IE", "US", "CA", "FR", "BR", "JP", null];
    private static readonly string?[] Industries = ["Software", "Fintech", "Retail", "Manufacturing", "E-Commerce", "Financial Services", null];
    private static readonly string[] Technologies = ["Salesforce", "HubSpot", "Snowflake", "Segment", "Excel", "SAP"];
    private static readonly int?[] Sizes = [null, 0, 5, 49, 50, 120, 199, 200, 450, 999, 1000, 4_000];
    private static readonly decimal?[] DealSizes = [null, null, null, 2_500m, 9_999.99m, 10_000m, 30_000m, 50_000m, 50_000.01m, 250_000m];
    private static readonly string[] AccountDomains = ["contoso.de", "fabrikam.com", "northwind.co.uk", "globex.com", "initech.com", "tailspin.io"];

    /// <summary><paramref name="count"/> submissions; each gets <c>ReceivedAt</c> from <paramref name="at"/>(its index).</summary>
    public static List<LeadSubmission> Generate(int count, Func<int, DateTimeOffset> at, int seed = 20261207)
    {
        var random = new Random(seed);
        var result = new List<LeadSubmission>(count);
        for (var i = 0; i < count; i++)
        {
            var receivedAt = at(i);
            var person = random.Next(10) == 0 && i > 10 ? random.Next(i) : i; // one in ten repeats an earlier person
            var domainRoll = random.Next(20);
            var email = domainRoll switch
            {
                0 => $"p{person}@gmail.com",
                1 => $"p{person}@{AccountDomains[random.Next(AccountDomains.Length)]}",
                _ => $"p{person}@company{person % 700}.example",
            };
            var signals = new List<Signal>();
            for (var s = random.Next(4); s > 0; s--)
            {
                signals.Add(new Signal(Sources[random.Next(Sources.Length)], receivedAt.AddDays(-random.Next(45)).AddMinutes(-random.Next(600))));
            }

            var tech = new List<string>();
            for (var t = random.Next(4); t > 0; t--)
            {
                tech.Add(Technologies[random.Next(Technologies.Length)]);
            }

            result.Add(new LeadSubmission
            {
                Email = email,
                FirstName = $"First{person % 97}",
                LastName = $"Last{person}",
                Company = domainRoll == 2 ? "Contoso" : $"Company {person % 700}",
                Employees = Sizes[random.Next(Sizes.Length)],
                Industry = Industries[random.Next(Industries.Length)],
                Country = Countries[random.Next(Countries.Length)],
                TechStack = tech,
                Source = Sources[random.Next(Sources.Length)],
                Signals = signals,
                EstimatedDealSize = DealSizes[random.Next(DealSizes.Length)],
                Referral = random.Next(40) switch
                {
                    0 => Referral.Vip,
                    1 => Referral.ExecutiveIntro,
                    _ => Referral.None,
                },
                ReceivedAt = receivedAt,
            });
        }

        return result;
    }
}
