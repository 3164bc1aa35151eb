using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using LeadRouting.Web.Localization;

namespace LeadRouting.Tests.Components;

/// <summary>
/// The one bUnit context every component test uses: loose JS interop (MudBlazor calls into JS for focus and
/// popovers), MudBlazor services with transitions off, and a fake clock at a fixed time: Monday 30 Nov 2026,
/// 15:00 UTC, when the Berlin, London and New York offices are all open. Pages that read the app's data get its
/// services from a <see cref="Api.LeadRoutingApiFactory"/> (see <see cref="LivePreviewTestContext"/>).
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// bUnit's waits (<c>WaitForAssertion</c>, <c>WaitForState</c>) give up after one second by default: a live update
    /// that reaches the page through the database took longer than that on a loaded machine and failed a correct test.
    /// They wait as long as <see cref="Eventually"/> does; a passing wait still returns as soon as it holds.
    /// </summary>
    static ComponentTestContext() => DefaultWaitTimeout = Eventually.DefaultTimeout;

    protected ComponentTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.PopoverOptions.Duration = TimeSpan.Zero;
            options.PopoverOptions.Delay = TimeSpan.Zero;
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgeryState>();
        Services.AddLocalization();
        Services.AddTransient<MudLocalizer, MudTranslations>();
        Services.AddScoped<PersonFormat>();
    }

    public FakeTimeProvider Time { get; } = new(Now);

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor registers services that only dispose asynchronously; xUnit 2 calls this before <c>Dispose</c>.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Renders a page the way the layout hosts it: after the provider MudBlazor's selects and menus need.</summary>
    protected IRenderedComponent<TPage> RenderPage<TPage>()
        where TPage : IComponent
    {
        Render<MudPopoverProvider>();
        return Render<TPage>();
    }

    /// <summary>Forms with <c>&lt;AntiforgeryToken /&gt;</c> (sign-out) render a fixed token; the server checks real ones.</summary>
    private sealed class FixedAntiforgeryState : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }
}
