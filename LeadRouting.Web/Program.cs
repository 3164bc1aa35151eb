using LeadRouting.Web.Api;
using LeadRouting.Web.Components;
using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddLeadRoutingPreview();
builder.Services.AddLeadRoutingData(builder.Configuration, builder.Environment);
builder.Services.AddLeadRoutingIngestion();
builder.Services.AddLeadRoutingApi();
builder.Services.AddLeadRoutingUi();

var app = builder.Build();
await app.InitializeLeadRoutingDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler();
    app.UseHsts();
}

app.UseLeadRoutingStatusPages();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapLeadRoutingApi();
app.MapLeadRoutingUi();

await app.RunAsync();

/// <summary>Entry point; public so <c>WebApplicationFactory&lt;Program&gt;</c> can host the app in tests.</summary>
public partial class Program;
