using LeadRouting.Tests.Api;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary>
/// A page that previews (the playground, <c>/rules</c>) over the running app's services and its own SQLite database
/// with demo data (<see cref="LeadRoutingApiFactory"/>: the published version 1, the demo reps' live states, clock
/// fixed at Monday 15:00 UTC). The class fixture's database is shared by a class's tests, so tests here only read;
/// a test that changes state starts its own app.
/// </summary>
public abstract class LivePreviewTestContext : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    protected LivePreviewTestContext(LeadRoutingApiFactory app)
    {
        App = app;
        Services.AddSingleton(app.Services.GetRequiredService<PreviewService>());
        Services.AddSingleton(app.Services.GetRequiredService<LeadEventNotifier>());
    }

    protected LeadRoutingApiFactory App { get; }

    /// <summary>The published version the previews route with.</summary>
    protected Task<PublishedConfiguration> PublishedAsync() => App.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None);
}
