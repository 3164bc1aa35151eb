using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>The preview box of every settings page: a sample lead routed by the draft and by the live version.</summary>
public sealed partial class DraftPreviewBox
{
    private readonly PreviewSample _sample = new();
    private FieldErrors _errors = new();
    private DraftPreview? _preview;

    [Parameter, EditorRequired]
    public required RoutingConfiguration Configuration { get; set; }

    [Parameter]
    public int PublishedVersion { get; set; }

    [Parameter]
    public bool IsDraft { get; set; }

    [Inject]
    public required ConfigurationDrafts Drafts { get; init; }

    /// <summary>Re-route the shown sample when the draft changes, so the box never shows a stale answer.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (_preview is not null)
        {
            await RouteAsync();
        }
    }

    private async Task RouteAsync()
    {
        _errors = new FieldErrors();
        _preview = await Drafts.PreviewAsync(Configuration, _sample.ToSubmission(), _errors, CancellationToken.None);
        if (_preview.Draft is null)
        {
            _preview = null;
        }
    }

    /// <summary>The sample lead's fields; a demo request from a mid-sized German software company to start with.</summary>
    private sealed class PreviewSample
    {
        public string? Email { get; set; } = "jana.schulz@brightlabs.de";
        public string? CompanyDomain { get; set; }
        public string? Country { get; set; } = "DE";
        public int? Employees { get; set; } = 350;
        public string? Industry { get; set; } = "Software";
        public SignalType Source { get; set; } = SignalType.DemoRequest;
        public decimal? EstimatedDealSize { get; set; }

        public LeadSubmission ToSubmission() => new()
        {
            Email = Email,
            Company = "Sample company",
            CompanyDomain = string.IsNullOrWhiteSpace(CompanyDomain) ? null : CompanyDomain,
            Country = string.IsNullOrWhiteSpace(Country) ? null : Country.Trim(),
            Employees = Employees,
            Industry = string.IsNullOrWhiteSpace(Industry) ? null : Industry,
            Source = Source,
            EstimatedDealSize = EstimatedDealSize,
        };
    }
}
