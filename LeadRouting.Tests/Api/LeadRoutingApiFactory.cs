using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LeadRouting.Tests.Api;

/// <summary>
/// The web app in memory at a fixed instant: Monday 30 Nov 2026, 15:00 UTC, when the Berlin, London and
/// New York offices are all open, so immediate actions find reps in every region.
/// </summary>
public sealed class LeadRoutingApiFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Now);

    public PreviewService Preview => Services.GetRequiredService<PreviewService>();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
}
