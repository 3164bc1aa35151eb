using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// Hosts a settings form over the configuration draft and gives it <see cref="Configuration"/> to read and
/// <see cref="SaveAsync"/> to change it. Forms check their own fields (field-level messages); the shell shows what
/// only the whole document can tell (a team still used by a segment, a calendar still used by a rep), a conflict
/// with another editor, and a refusal for someone who may not edit. Authorisation is the service's, on the server.
/// </summary>
public sealed partial class SettingsDraftShell : OpsSettingsComponent
{
    private ConfigurationDraft? _document;
    private IReadOnlyList<ConfigurationChange> _changes = [];
    private IReadOnlyList<string> _problems = [];
    private IReadOnlyList<string> _publishBlockers = [];
    private string? _problemsTitle;
    private bool _busy;
    private bool _askingNote;
    private string? _note;
    private string? _noteError;

    /// <summary>The forms' field messages and change summaries, in the signed-in person's language.</summary>
    [Inject]
    public required IStringLocalizer<FormText> Messages { get; init; }

    [Parameter, EditorRequired]
    public required string Title { get; set; }

    [Parameter, EditorRequired]
    public required string Description { get; set; }

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    /// <summary>The document being edited: the draft, or the published version before the first change.</summary>
    public RoutingConfiguration Configuration => _document?.Configuration ?? throw new InvalidOperationException("The draft is not loaded yet.");

    protected override Task OnInitializedAsync() => LoadAsync();

    /// <summary>
    /// Stores <paramref name="edited"/> as the draft. Returns false (and shows why) when the document is invalid, someone
    /// else changed the draft meanwhile, or the signed-in person may not edit. <paramref name="summary"/> says the change
    /// in a language: in English for the audit log, in the person's language in the "saved" message.
    /// </summary>
    public async Task<bool> SaveAsync(RoutingConfiguration edited, Func<IStringLocalizer<FormText>, string> summary)
    {
        var result = await Drafts.SaveAsync(await EditorAsync(), _document!, edited, summary(FormText.English), CancellationToken.None);
        if (result.Outcome == DraftOutcome.Conflict)
        {
            // Load their change; the form still holds this person's edit, so saving again applies it on top.
            await ReloadAsync();
            Show(new DraftResult(DraftOutcome.Conflict, [T["Someone else changed the configuration meanwhile. Their change is loaded now; save again to apply yours on top of it."]]), null);
            return false;
        }

        if (!result.Succeeded)
        {
            Show(result, result.Outcome == DraftOutcome.Invalid ? T["The configuration would not route with this change:"].Value : null);
            return false;
        }

        _problems = [];
        await ReloadAsync();
        Snackbar.Add(T["Saved to the draft: {0}", summary(Messages)], Severity.Success);
        return true;
    }

    /// <summary>Checks <paramref name="form"/> against the document and saves it; the field errors say why not (empty when the document refused).</summary>
    public async Task<(bool Saved, FieldErrors Errors)> SaveFormAsync(ISettingsForm form)
    {
        var config = Configuration;
        var errors = form.Validate(config, Messages);
        return errors.IsEmpty ? (await SaveAsync(form.ApplyTo(config), form.Summary), errors) : (false, errors);
    }

    /// <summary>Saves <paramref name="form"/> like <see cref="SaveFormAsync(ISettingsForm)"/>, runs <paramref name="saved"/> once it is stored (an item page closes its form), and returns the field errors to show.</summary>
    public async Task<FieldErrors> SaveFormAsync(ISettingsForm form, Action saved)
    {
        var (stored, errors) = await SaveFormAsync(form);
        if (stored)
        {
            saved();
        }

        return errors;
    }

    /// <summary>Deletes an item from the document unless something still uses it; returns why it must stay (null once saved, or when the document refused, which the shell shows).</summary>
    public async Task<string?> DeleteAsync(Func<RoutingConfiguration, ItemDeletion> delete, Func<IStringLocalizer<FormText>, string> summary)
    {
        var (edited, refusal) = delete(Configuration);
        if (edited is not null)
        {
            await SaveAsync(edited, summary);
        }

        return refusal;
    }

    private async Task DiscardAsync()
    {
        _busy = true;
        var result = await Drafts.DiscardAsync(await EditorAsync(), CancellationToken.None);
        _busy = false;
        if (!result.Succeeded)
        {
            Show(result, null);
            return;
        }

        _problems = [];
        await ReloadAsync();
        Snackbar.Add(T["Draft discarded; the published version is unchanged."], Severity.Info);
    }

    private void AskNote()
    {
        _askingNote = true;
        _noteError = null;
    }

    private void CancelNote()
    {
        _askingNote = false;
        _noteError = null;
    }

    private async Task PublishAsync()
    {
        if (string.IsNullOrWhiteSpace(_note))
        {
            _noteError = T["Say in a few words what changed and why; the versions page shows it."];
            return;
        }

        _noteError = null;
        _busy = true;
        var published = await Drafts.PublishAsync(await EditorAsync(), _note, CancellationToken.None);
        _busy = false;
        if (published.Version is not { } version)
        {
            Show(published.Result, published.Result.Outcome == DraftOutcome.Invalid ? T["The draft cannot be published:"].Value : null);
            return;
        }

        _askingNote = false;
        _note = null;
        _problems = [];
        await ReloadAsync();
        Snackbar.Add(T["Version {0} published: it routes the next lead.", version.Id], Severity.Success);
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        _document = await Drafts.LoadAsync(CancellationToken.None);
        _changes = await Drafts.DraftChangesAsync(_document, CancellationToken.None);
        // A draft built up form by form may not route leads yet (no segment, no rep): say so before Publish is pressed.
        _publishBlockers = _document.IsDraft ? ConfigurationValidator.ValidateForPublishing(_document.Configuration) : [];
    }

    private string ChangesTitle(ConfigurationDraft document) =>
        _changes.Count == 1 ? T["1 change against version {0}", document.PublishedVersion] : T["{0} changes against version {1}", _changes.Count, document.PublishedVersion];

    private DraftChangeText Changes => new(ChangeText);

    private void Show(DraftResult result, string? title)
    {
        _problemsTitle = title;
        _problems = result.Errors;
    }

    private async Task<ConfigurationEditor> EditorAsync() => ConfigurationEditor.From(await CurrentUser.GetAsync());
}
