using LeadRouting.Web.Demo;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/demo</c> (Ops): the switch and rate of the live demo traffic generator. The state is the
/// <see cref="DemoTrafficService"/> singleton's, so it is the same after a reload and for every Ops user; the service
/// checks again that the person switching is Ops.
/// </summary>
public sealed partial class DemoTraffic : IDisposable
{
    private int _rate = 6;
    private string? _message;

    [Inject]
    public required DemoTrafficService Traffic { get; init; }

    [Inject]
    public required ICurrentUser CurrentUser { get; init; }

    [Inject]
    public required IStringLocalizer<DemoTraffic> T { get; init; }

    protected override void OnInitialized()
    {
        _rate = Traffic.LeadsPerMinute;
        Traffic.Changed += OnChanged;
    }

    private Task ToggleAsync(bool on) => SwitchAsync(on);

    private Task ApplyRateAsync() => SwitchAsync(on: true);

    private async Task SwitchAsync(bool on)
    {
        var user = await CurrentUser.GetAsync();
        var outcome = on ? Traffic.Start(user, _rate) : Traffic.Stop(user);
        _message = outcome switch
        {
            DemoTrafficOutcome.Done => null,
            DemoTrafficOutcome.Forbidden => T["Only Ops switch demo traffic."].Value,
            DemoTrafficOutcome.Unavailable => T["Demo data is off."].Value,
            _ => T["Choose {0}–{1} leads per minute.", DemoTrafficService.MinLeadsPerMinute, DemoTrafficService.MaxLeadsPerMinute].Value,
        };
    }

    /// <summary>At most one lead a second arrives (60 a minute), so every change simply redraws.</summary>
    private void OnChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose() => Traffic.Changed -= OnChanged;
}
