using LeadRouting.Web.Api;
using LeadRouting.Web.Components;
using LeadRouting.Web.Routing;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddLeadRoutingPreview();
builder.Services.AddLeadRoutingApi();
builder.Services.AddLeadRoutingUi();

var app = builder.Build();

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

app.Run();

/// <summary>Entry point; public so <c>WebApplicationFactory&lt;Program&gt;</c> can host the app in tests.</summary>
public partial class Program;
