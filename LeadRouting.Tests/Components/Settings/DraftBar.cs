using Bunit;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Tests.Components.Settings;

/// <summary>The settings pages' draft bar as a person uses it.</summary>
internal static class DraftBar
{
    /// <summary>Publish, type the note the bar asks for, confirm.</summary>
    public static void Publish<TPage>(IRenderedComponent<TPage> cut, string note)
        where TPage : IComponent
    {
        cut.Find("[data-testid=publish-draft]").Click();
        cut.Find("input[data-testid=publish-note], [data-testid=publish-note] input").Input(note);
        cut.Find("[data-testid=publish-confirm]").Click();
    }
}
