using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using LeadRouting.Web.Analytics;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Analytics;

/// <summary>
/// A hand-built history with known answers, stored directly (not through the writer) over the demo roster. Whatever
/// leads the database held before are removed first, so demo history cannot change the answers.
/// <list type="table">
/// <item>L1 Mon 2 Nov 09:00 UTC, DemoRequest, AE immediate, DACH / dach-mid-1: touched after 3 min (met), converted.</item>
/// <item>L2 same hour, DemoRequest, AE immediate, dach-mid-1: touched after 20 min (met), converted.</item>
/// <item>L3 same hour, ContactSales, SDR qualifies, dach-mid-2: touched after 90 min (missed), converted.</item>
/// <item>L4 same hour, ContactSales, SDR qualifies, dach-mid-2: never touched (missed), disqualified.</item>
/// <item>L5 Tue 3 Nov 14:00 UTC, Webinar, SDR qualifies, UK&amp;I / uki-mid-1: touched after 10 min (met), still open.</item>
/// <item>L6 same hour, Webinar, Nurture, no team, never assigned (pending).</item>
/// <item>L7 same hour, EventBadgeScan, SDR qualifies, DACH / dach-jr-1: assigned, not touched yet (pending).</item>
/// <item>L8 20 Oct, before the period: DemoRequest, dach-mid-1, converted (counted nowhere).</item>
/// </list>
/// dach-mid-1 has 19 open leads now (capacity 20), every other rep none.
/// </summary>
public static class AnalyticsDataset
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Tuesday = new(2026, 11, 3, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Two weeks from Monday 2 Nov 2026 (UTC), as the API's query string takes them.</summary>
    public const string PeriodQuery = "from=2026-11-02&to=2026-11-15";

    public static ReportFilter Filter => new() { From = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero) };

    public static async Task SeedAsync(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await db.Leads.ExecuteDeleteAsync();
        await db.RepStates.ExecuteUpdateAsync(s => s.SetProperty(r => r.OpenLeads, 0));
        await db.RepStates.Where(r => r.RepId == "dach-mid-1").ExecuteUpdateAsync(s => s.SetProperty(r => r.OpenLeads, 19));

        db.Leads.AddRange(
            Lead("an-1", Monday, SignalType.DemoRequest, TreatmentAction.AeImmediate, "dach", "dach-mid-1", 3, ResponseStatus.Met, LeadStage.Converted),
            Lead("an-2", Monday, SignalType.DemoRequest, TreatmentAction.AeImmediate, "dach", "dach-mid-1", 20, ResponseStatus.Met, LeadStage.Converted),
            Lead("an-3", Monday, SignalType.ContactSales, TreatmentAction.SdrQualify, "dach", "dach-mid-2", 90, ResponseStatus.Missed, LeadStage.Converted),
            Lead("an-4", Monday, SignalType.ContactSales, TreatmentAction.SdrQualify, "dach", "dach-mid-2", null, ResponseStatus.Missed, LeadStage.Disqualified),
            Lead("an-5", Tuesday, SignalType.Webinar, TreatmentAction.SdrQualify, "uki", "uki-mid-1", 10, ResponseStatus.Met, LeadStage.Contacted),
            Lead("an-6", Tuesday, SignalType.Webinar, TreatmentAction.Nurture, null, null, null, ResponseStatus.Pending, LeadStage.Nurture),
            Lead("an-7", Tuesday, SignalType.EventBadgeScan, TreatmentAction.SdrQualify, "dach", "dach-jr-1", null, ResponseStatus.Pending, LeadStage.Assigned),
            Lead("an-8", new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero), SignalType.DemoRequest, TreatmentAction.AeImmediate, "dach", "dach-mid-1", 2, ResponseStatus.Met, LeadStage.Converted));
        await db.SaveChangesAsync();
    }

    internal static LeadEntity Lead(string id, DateTimeOffset received, SignalType source, TreatmentAction action, string? team, string? owner,
        int? touchedAfterMinutes, ResponseStatus status, LeadStage stage) => new()
        {
            Id = id,
            Email = $"{id}@example.com",
            FirstName = id,
            Source = source,
            ReceivedAt = received,
            Action = action,
            TeamId = team,
            SegmentId = team,
            OwnerId = owner,
            AssignedAt = owner is null ? null : received,
            FirstTouchAt = touchedAfterMinutes is { } m ? received.AddMinutes(m) : null,
            ResponseStatus = status,
            Stage = stage,
            ClosedAt = stage is LeadStage.Converted or LeadStage.Disqualified ? received.AddDays(5) : null,
            CreatedAt = received,
            UpdatedAt = received,
        };
}
