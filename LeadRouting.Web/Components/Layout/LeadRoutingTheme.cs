using MudBlazor;

namespace LeadRouting.Web.Components.Layout;

/// <summary>The app's MudBlazor theme. System fonts only: a self-hosted app must not call out to a font CDN.</summary>
public static class LeadRoutingTheme
{
    private static readonly string[] FontStack =
        ["Inter", "Roboto", "\"Segoe UI\"", "\"Helvetica Neue\"", "Arial", "\"Liberation Sans\"", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}
