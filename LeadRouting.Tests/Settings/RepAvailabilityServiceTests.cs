using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Settings;

/// <summary>Availability is live state: managers and Ops set it, reps and strangers cannot, unknown reps are refused.</summary>
public sealed class RepAvailabilityServiceTests : IDisposable
{
    private readonly LeadRoutingApiFactory _app = new();

    public void Dispose() => _app.Dispose();

    private RepAvailabilityService Service => _app.Services.GetRequiredService<RepAvailabilityService>();

    private async Task<Availability> StoredAsync(string repId)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return (await db.RepStates.SingleAsync(r => r.RepId == repId)).Availability;
    }

    [Theory]
    [InlineData(LeadRoutingRoles.Manager, true)]
    [InlineData(LeadRoutingRoles.Ops, true)]
    [InlineData(LeadRoutingRoles.Rep, false)]
    public async Task Who_may_set_a_rep_s_availability(string role, bool allowed)
    {
        var user = new SignedInUser("u", "Someone", "someone@leadrouting.demo", [role], role == LeadRoutingRoles.Rep ? "uki-mid-1" : null);

        var result = await Service.SetAsync(user, "uki-mid-1", Availability.Away, null, CancellationToken.None);

        Assert.Equal(allowed, result.Succeeded);
        Assert.Equal(allowed ? Availability.Away : Availability.Available, await StoredAsync("uki-mid-1"));
    }

    [Fact]
    public async Task Nobody_signed_in_and_unknown_reps_are_refused()
    {
        var ops = new SignedInUser("u", "Nora", "nora.klein@leadrouting.demo", [LeadRoutingRoles.Ops], null);

        Assert.False((await Service.SetAsync(null, "uki-mid-1", Availability.Away, null, CancellationToken.None)).Succeeded);
        var unknown = await Service.SetAsync(ops, "nobody-1", Availability.Away, null, CancellationToken.None);
        Assert.Equal("There is no published rep 'nobody-1'.", unknown.Error);
        var past = await Service.SetAsync(ops, "uki-mid-1", Availability.OutOfOffice, LeadRoutingApiFactory.Now.AddDays(-1), CancellationToken.None);
        Assert.Equal("Out of office needs a return date in the future.", past.Error);
        Assert.Equal(Availability.Available, await StoredAsync("uki-mid-1"));
    }
}
