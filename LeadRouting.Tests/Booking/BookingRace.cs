using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Booking;

/// <summary>What the race tests on SQLite and PostgreSQL share: buyers (leads) to book with, and many bookings at once.</summary>
internal static class BookingRace
{
    /// <summary>A Monday 10:00 UTC, a week after the fake clock's now.</summary>
    public static readonly DateTimeOffset Slot = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(30);

    public const string Rep = "dach-mid-1";

    /// <summary>Ingests <paramref name="count"/> leads through the API and answers their ids.</summary>
    public static async Task<List<string>> BuyersAsync(LeadRoutingApiFactory app, string run, int count)
    {
        var client = app.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var ids = new List<string>();
        for (var n = 0; n < count; n++)
        {
            using var response = await client.PostAsJsonAsync("/api/leads", new JsonObject
            {
                ["email"] = $"buyer.{n}@{run}-race.de",
                ["firstName"] = "Bea",
                ["lastName"] = $"Buyer {n}",
                ["company"] = $"Race {n}",
                ["employees"] = 350,
                ["industry"] = "Software",
                ["country"] = "DE",
                ["source"] = "DemoRequest",
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!);
        }

        return ids;
    }

    /// <summary>Starts every booking together (released by one gate) and waits for all of them.</summary>
    public static async Task<BookingOutcome[]> AllAtOnceAsync(IReadOnlyList<Func<Task<BookingOutcome>>> bookings)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = bookings.Select(async book =>
        {
            await gate.Task;
            return await book();
        }).ToList();
        gate.SetResult();
        return await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(120));
    }

    public static async Task<List<MeetingEntity>> BookedAsync(LeadRoutingApiFactory app, string repId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Meetings.AsNoTracking().Where(m => m.RepId == repId && m.Status == MeetingStatus.Booked).ToListAsync();
    }

    public static BookingStore Store(LeadRoutingApiFactory app) => app.Services.GetRequiredService<BookingStore>();
}
