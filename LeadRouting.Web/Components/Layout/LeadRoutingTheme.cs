using MudBlazor;

namespace LeadRouting.Web.Components.Layout;

/// <summary>
/// The app's MudBlazor theme. System fonts only: a self-hosted app must not call out to a font CDN. Text colours are
/// darker than MudBlazor's defaults so every text, chip and status colour reaches WCAG AA contrast (4.5:1) on white and
/// on the page background (axe-core checks it in <c>DailyUseBrowserTests</c>).
/// </summary>
public static class LeadRoutingTheme
{
    private static readonly string[] FontStack =
        ["Inter", "Roboto", "\"Segoe UI\"", "\"Helvetica Neue\"", "Arial", "\"Liberation Sans\"", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00796b",
            TextSecondary = "#5c5f6a",
            Success = "#1b5e20",
            Error = "#c62828",
            Warning = "#a35200",
            Info = "#1565c0",
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
