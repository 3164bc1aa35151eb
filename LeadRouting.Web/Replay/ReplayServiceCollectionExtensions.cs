namespace LeadRouting.Web.Replay;

public static class ReplayServiceCollectionExtensions
{
    /// <summary>What-if replay of stored leads through the draft configuration (<c>/settings/replay</c>).</summary>
    public static IServiceCollection AddLeadRoutingReplay(this IServiceCollection services)
    {
        services.AddSingleton<ReplayService>();
        return services;
    }
}
