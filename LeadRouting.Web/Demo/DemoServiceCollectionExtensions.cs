using LeadRouting.Web.Hosting;

namespace LeadRouting.Web.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>The demo history (filled on first start) and the live demo traffic generator (off until Ops switch it on).</summary>
    public static IServiceCollection AddLeadRoutingDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<DemoOptions>(configuration);
        services.AddSingleton<DemoHistorySeeder>();
        services.AddSingleton<DemoTrafficService>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoTrafficService>());
        return services;
    }
}
