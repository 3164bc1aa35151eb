using LeadRouting.Web.Localization;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Board;

/// <summary>
/// <c>/board/distribution</c>, the board's Distribution tab for managers and Ops: the fair-share ledger of a round-robin
/// pool (<see cref="FairShareService"/>), its make-up policy, a ledger reset and manual adjustments with a reason. The
/// page's authorisation is the board's; every action is authorised again by the service.
/// </summary>
public sealed partial class DistributionLedger : ComponentBase
{
    private IReadOnlyList<RepPool> _pools = [];
    private string? _poolKey;
    private PoolLedger? _ledger;
    private string? _error;
    private string? _adjustRep;
    private int _adjustLeads = 1;
    private string? _adjustReason;

    /// <summary>The pool to open on (<c>?pool=</c>), so a pool's ledger can be linked; else the first.</summary>
    [SupplyParameterFromQuery(Name = "pool")]
    public string? Pool { get; set; }

    [Inject]
    public required FairShareService FairShare { get; init; }

    [Inject]
    public required ConfigurationStore Configurations { get; init; }

    [Inject]
    public required ICurrentUser CurrentUser { get; init; }

    [Inject]
    public required PersonFormat Format { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _pools = FairShareService.Pools((await Configurations.CurrentAsync(CancellationToken.None)).Engine);
        _poolKey = _pools.Any(p => p.Key == Pool) ? Pool : _pools.Count > 0 ? _pools[0].Key : null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_poolKey is null)
        {
            return;
        }

        var result = await FairShare.LedgerAsync(await CurrentUser.GetAsync(), _poolKey, CancellationToken.None);
        _ledger = result.Value;
        _error = result.Error;
        _adjustRep ??= _ledger is { Rows.Count: > 0 } loaded ? loaded.Rows[0].RepId : null;
    }

    private async Task SetMakeUpAsync(MakeUpPolicy policy)
    {
        var result = await FairShare.SetMakeUpAsync(await CurrentUser.GetAsync(), _poolKey!, policy, CancellationToken.None);
        await AfterAsync(result);
    }

    private async Task ResetAsync()
    {
        var result = await FairShare.ResetAsync(await CurrentUser.GetAsync(), _poolKey!, CancellationToken.None);
        await AfterAsync(result);
    }

    private async Task AdjustAsync()
    {
        var result = await FairShare.AdjustAsync(await CurrentUser.GetAsync(), _poolKey!, _adjustRep ?? "", _adjustLeads, _adjustReason, CancellationToken.None);
        if (result.Succeeded)
        {
            _adjustReason = null;
        }

        await AfterAsync(result);
    }

    private async Task AfterAsync(FairShareResult<bool> result)
    {
        await LoadAsync();
        _error = result.Error;
        if (result.Succeeded)
        {
            Snackbar.Add(T["Saved."], Severity.Success);
        }
    }
}

/// <summary>How the ledger page words and colours its figures; plain functions, testable without a renderer.</summary>
public static class LedgerView
{
    /// <summary>A gap within half a lead is even; beyond two leads it needs a look.</summary>
    public static Color GapColor(double gap) => Math.Abs(gap) < 0.5 ? Color.Success : Math.Abs(gap) <= 2 ? Color.Warning : Color.Error;

    /// <summary>"+1.5", "−0.3", "0.0" in the person's culture (a real minus sign).</summary>
    public static string Signed(double value, PersonFormat format)
    {
        var rounded = Math.Round(value, 1);
        var text = format.Number(Math.Abs(rounded), 1);
        return rounded > 0 ? "+" + text : rounded < 0 ? "−" + text : text;
    }

    public static string Signed(int value, PersonFormat format) =>
        value > 0 ? "+" + format.Number(value) : value < 0 ? "−" + format.Number(-value) : format.Number(0);

    public static string MakeUpText(MakeUpPolicy policy) => policy switch
    {
        MakeUpPolicy.CatchUpGradually => "Catch up gradually",
        MakeUpPolicy.Reset => "Reset (start as a new joiner)",
        _ => "None (no make-up)",
    };

    public static string MakeUpExplanation(MakeUpPolicy policy) => policy switch
    {
        MakeUpPolicy.CatchUpGradually => "Leads missed while away are owed and repaid at up to twice the rep's weight.",
        MakeUpPolicy.Reset => "A rep back from an absence starts at the pool's average, like a new joiner; unpaid credit is dropped.",
        _ => "A rep back from an absence is next in line; missed leads are not made up.",
    };

    /// <summary>The pool's description, as the trace words it, in the page's language.</summary>
    public static string PoolName(string description) => Shared.TraceText.Of(description, CultureInfo.CurrentUICulture);
}
