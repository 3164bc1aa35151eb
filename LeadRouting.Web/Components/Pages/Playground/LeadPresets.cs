using LeadRouting.Core.Leads;

namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>
/// A ready-made sample lead that shows one path through the routing policy. It routes by the published rules over the
/// live state like any other lead, so the descriptions say what the default policy does, not who gets it.
/// </summary>
public sealed record LeadPreset(string Name, string Description, Func<DateTimeOffset, TimeZoneInfo, LeadFormModel> Create)
{
    /// <summary>When set, the preset also picks the routing time (and its zone), e.g. to show business hours at work.</summary>
    public Func<DateTimeOffset, DateTimeOffset>? RouteAt { get; init; }

    public string? TimeZoneId { get; init; }
}

public static class LeadPresets
{
    public static LeadPreset DachMidMarketDemo { get; } = new(
        "Demo request, DACH mid-market",
        "High intent, strong fit, a €30k deal (Mid-Market): the least-loaded available mid-level AE of the segment's team.",
        (now, zone) => DachDemo(now, zone));

    public static LeadPreset NamedAccount { get; } = new(
        "Enterprise named account",
        "An enterprise contact from contoso.de: if that is a named account, its owner keeps it, whatever the rules say.",
        (now, zone) => new LeadFormModel
        {
            Email = "markus.braun@contoso.de",
            FirstName = "Markus",
            LastName = "Braun",
            Title = "CFO",
            Company = "Contoso GmbH",
            Employees = 5000,
            Industry = "Financial Services",
            Country = "DE",
            TechStack = "Snowflake, Salesforce",
            Source = SignalType.ContactSales,
        });

    public static LeadPreset VipReferral { get; } = new(
        "VIP referral",
        "VIP and executive introductions go to the manual review queue; the region manager is told.",
        (now, zone) => new LeadFormModel
        {
            Email = "sophie.martin@lumen-analytics.fr",
            FirstName = "Sophie",
            LastName = "Martin",
            Title = "CEO",
            Company = "Lumen Analytics",
            Employees = 400,
            Industry = "Software",
            Country = "FR",
            Source = SignalType.ContactSales,
            Referral = Referral.Vip,
        });

    public static LeadPreset WeakNewsletter { get; } = new(
        "Newsletter, weak fit",
        "Low intent from a tiny company on a free-mail address: fit score under 20, disqualified.",
        (now, zone) => new LeadFormModel
        {
            Email = "tom.hobbs@gmail.com",
            FirstName = "Tom",
            LastName = "Hobbs",
            Company = "Hobbs Crafts",
            Employees = 4,
            Industry = "Retail",
            Country = "ES",
            Source = SignalType.NewsletterSignup,
        });

    public static LeadPreset UkFastTrack { get; } = new(
        "Webinar + case study, UK fintech",
        "Medium intent, strong fit: SDR fast track, top of the queue with the 4 h SLA.",
        (now, zone) =>
        {
            var lead = new LeadFormModel
            {
                Email = "oliver.grant@northbridgepay.co.uk",
                FirstName = "Oliver",
                LastName = "Grant",
                Title = "Head of Payments",
                Company = "Northbridge Payments Ltd",
                Employees = 120,
                Industry = "Fintech",
                Country = "GB",
                TechStack = "Segment",
                Source = SignalType.Webinar,
            };
            lead.Signals.Add(new SignalRow { Type = SignalType.CaseStudyView, At = LocalTime.ToInput(now.AddDays(-3), zone) });
            return lead;
        });

    public static LeadPreset SmallUsPricing { get; } = new(
        "Pricing visit, small US shop",
        "Small deal tier: weighted round-robin over the segment team's junior AEs who are in working hours.",
        (now, zone) => new LeadFormModel
        {
            Email = "emily.carter@fieldnote.io",
            FirstName = "Emily",
            LastName = "Carter",
            Title = "Founder",
            Company = "Fieldnote",
            Employees = 80,
            Industry = "E-Commerce",
            Country = "US",
            TechStack = "Shopify",
            Source = SignalType.PricingPageVisit,
        });

    public static LeadPreset FridayEvening { get; } = new(
        "Demo request, Friday 17:55 Berlin",
        "Five minutes before closing: the 15-minute SLA runs on business time and ends Monday 09:10.",
        (now, zone) => DachDemo(now, zone))
    {
        TimeZoneId = "Europe/Berlin",
        RouteAt = now => LastFridayAt(now, "Europe/Berlin", new TimeOnly(17, 55)),
    };

    public static IReadOnlyList<LeadPreset> All { get; } =
        [DachMidMarketDemo, NamedAccount, VipReferral, WeakNewsletter, UkFastTrack, SmallUsPricing, FridayEvening];

    private static LeadFormModel DachDemo(DateTimeOffset now, TimeZoneInfo zone)
    {
        var lead = new LeadFormModel
        {
            Email = "jana.richter@brightlabs.de",
            FirstName = "Jana",
            LastName = "Richter",
            Title = "Head of Operations",
            Company = "Brightlabs GmbH",
            Employees = 350,
            Industry = "Software",
            Country = "DE",
            TechStack = "HubSpot, Salesforce",
            Source = SignalType.DemoRequest,
            EstimatedDealSize = 30_000m,
        };
        lead.Signals.Add(new SignalRow { Type = SignalType.PricingPageVisit, At = LocalTime.ToInput(now.AddDays(-2), zone) });
        return lead;
    }

    /// <summary>The latest Friday at <paramref name="time"/> (local to the zone) that is not after <paramref name="now"/>.</summary>
    private static DateTimeOffset LastFridayAt(DateTimeOffset now, string zoneId, TimeOnly time)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        while (true)
        {
            if (date.DayOfWeek == DayOfWeek.Friday && LocalTime.FromWallClock(date.ToDateTime(time), zone) is var candidate && candidate <= now)
            {
                return candidate;
            }

            date = date.AddDays(-1);
        }
    }
}
