using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Web.Components.Pages.Rules;

public sealed partial class RoutingRules
{
    private RoutingRulesView _view = null!;

    [Inject]
    public required PreviewService Preview { get; init; }

    protected override void OnInitialized() => _view = RoutingRulesView.From(Preview);
}
