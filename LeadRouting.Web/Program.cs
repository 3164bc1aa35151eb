using LeadRouting.Web.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Components;
using LeadRouting.Web.Data.Backups;
using LeadRouting.Web.Demo;
using LeadRouting.Web.Hubs;
using LeadRouting.Web.Jobs;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Replay;
using LeadRouting.Web.Retention;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using LeadRouting.Web.Telemetry;

var builder = WebApplication.CreateBuilder(args);

// Styles and scripts (MudBlazor's, the components' scoped CSS bundle, blazor.web.js) are static web assets of the
// build. Only Development serves them by default; started from a build in any other environment the app would serve
// them empty. A published app has no runtime manifest, and this changes nothing there.
builder.WebHost.UseStaticWebAssets();

// One clock for the whole app; tests replace it with a FakeTimeProvider.
builder.Services.AddSingleton(TimeProvider.System);

// One registration per folder, each registering what its folder holds.
builder.Services.AddLeadRoutingData(builder.Configuration, builder.Environment);
builder.Services.AddLeadRoutingRouting();
builder.Services.AddLeadRoutingIngestion();
builder.Services.AddLeadRoutingBooking();
builder.Services.AddLeadRoutingReplay();
builder.Services.AddLeadRoutingHttpSecurity(builder.Configuration);
builder.Services.AddLeadRoutingSecurity(builder.Configuration, builder.Environment);
builder.Services.AddLeadRoutingIdentity();
builder.Services.AddLeadRoutingApi();
builder.Services.AddLeadRoutingNotifications(builder.Configuration, builder.Environment);
var signalR = builder.Services.AddLeadRoutingHubs();
builder.Services.AddLeadRoutingLive(signalR, builder.Configuration);
builder.Services.AddLeadRoutingUi();
builder.Services.AddLeadRoutingLocalization();
builder.Services.AddLeadRoutingRetention(builder.Configuration);
builder.Services.AddLeadRoutingScheduling(builder.Configuration, builder.Environment);
builder.Services.AddLeadRoutingDemo(builder.Configuration);
builder.Services.AddLeadRoutingTelemetry(builder.Configuration, builder.Environment);

var app = builder.Build();
if (await app.RunLeadRoutingBackupCommandAsync())
{
    return;
}

await app.InitializeLeadRoutingDatabaseAsync();
if (await app.RunLeadRoutingCommandAsync())
{
    return;
}

app.UseLeadRoutingHttpSecurity();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler();
    app.UseHsts();
}

app.UseLeadRoutingStatusPages();
app.UseAuthentication();
app.UseLeadRoutingLocalization();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapLeadRoutingApi();
app.MapLeadRoutingAccount();
app.MapLeadRoutingPreferences();
app.MapLeadRoutingHubs();
app.MapLeadRoutingUi();
app.MapLeadRoutingTelemetry();

await app.RunAsync();

/// <summary>Entry point; public so <c>WebApplicationFactory&lt;Program&gt;</c> can host the app in tests.</summary>
public partial class Program;
