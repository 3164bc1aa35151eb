using LeadRouting.Web.Security;
using System.Data;
using Microsoft.EntityFrameworkCore.Query;

namespace LeadRouting.Web.Routing;

/// <summary>
/// The one draft of the routing configuration that Ops edit (settings forms and <c>PUT /api/config/draft</c>), its
/// preview, and publishing it as a new version. Every change is checked here, on the server: only an editor may
/// save, discard or publish, and a draft is stored only when the whole document can route (so the preview and a
/// publish never meet a broken draft).
/// </summary>
/// <remarks>
/// Saves are optimistic: an edit names the document it started from, and is refused with
/// <see cref="DraftOutcome.Conflict"/> when someone saved or published in between, so two Ops editing at once never
/// overwrite each other silently.
/// </remarks>
public sealed class ConfigurationDrafts(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    ConfigurationStore configurations,
    TimeProvider time,
    LiveRoutingState live)
{
    /// <summary>A publish note is a sentence or two on what changed and why; longer text belongs in a ticket it links to.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>The draft when there is one, else the newest published version (the first save starts the draft from it).</summary>
    public async Task<ConfigurationDraft> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var published = await NewestPublishedAsync(db, cancellationToken);
        var draft = await db.ConfigurationVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.Kind == ConfigurationVersionKind.Draft, cancellationToken);
        var basis = draft ?? published;
        return new ConfigurationDraft(
            ConfigurationLoader.Deserialize(basis.Json),
            basis.Json,
            published.Id,
            draft is null ? null : new DraftStamp(draft.Author, draft.CreatedAt));
    }

    /// <summary>
    /// Replaces the draft with <paramref name="edited"/>, provided nobody changed it since <paramref name="basedOn"/>
    /// was loaded and the document can be compiled. A draft being built up may not be publishable yet (no segment, no
    /// rep): the draft bar says so, and <see cref="PublishAsync(ConfigurationEditor, string, CancellationToken)"/> refuses it.
    /// </summary>
    public async Task<DraftResult> SaveAsync(ConfigurationEditor editor, ConfigurationDraft basedOn, RoutingConfiguration edited, string summary, CancellationToken cancellationToken)
    {
        if (!editor.MayEdit)
        {
            return DraftResult.Forbidden;
        }

        var errors = ConfigurationValidator.Validate(edited);
        if (errors.Count > 0)
        {
            return new DraftResult(DraftOutcome.Invalid, errors);
        }

        var json = ConfigurationLoader.Serialize(edited);
        return await InTransactionAsync(DraftResult.Conflict, async db =>
        {
            // The edit applies only to the document it was made on: the same draft text, or — without a draft — the
            // newest published version. Both checks are part of the write itself, so a publish or save that commits
            // between reading and writing makes this one a conflict instead of overwriting it.
            if (basedOn.IsDraft)
            {
                var updated = await Drafts(db)
                    .Where(v => v.Json == basedOn.Json)
                    .ExecuteUpdateAsync(DraftColumns(json, editor.Name), cancellationToken);
                return updated == 1 ? await SavedAsync(db, editor.Name, summary, cancellationToken) : DraftResult.Conflict;
            }

            if (await Drafts(db).AnyAsync(cancellationToken) || (await NewestPublishedAsync(db, cancellationToken)).Json != basedOn.Json)
            {
                return DraftResult.Conflict;
            }

            db.ConfigurationVersions.Add(NewDraft(json, editor.Name));
            return await SavedAsync(db, editor.Name, summary, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Replaces the draft with a whole document (the API's <c>PUT /api/config/draft</c>): last writer wins. Unlike a
    /// form's save, a whole document must be publishable as it stands. Answers the draft as stored.
    /// </summary>
    public async Task<ReplaceResult> ReplaceAsync(ConfigurationEditor editor, string json, CancellationToken cancellationToken)
    {
        if (!editor.MayEdit)
        {
            return new ReplaceResult(DraftResult.Forbidden, null);
        }

        RoutingConfiguration parsed;
        try
        {
            parsed = ConfigurationLoader.Parse(json);
        }
        catch (ConfigurationException ex)
        {
            return new ReplaceResult(new DraftResult(DraftOutcome.Invalid, ex.Errors), null);
        }

        var unpublishable = ConfigurationValidator.ValidateForPublishing(parsed);
        if (unpublishable.Count > 0)
        {
            return new ReplaceResult(new DraftResult(DraftOutcome.Invalid, unpublishable), null);
        }

        var stored = ConfigurationLoader.Serialize(parsed);
        for (var attempt = 1; ; attempt++)
        {
            // Last writer wins on the draft, never on a published version: the update names the draft kind, so a
            // draft published meanwhile is left as published and this document becomes the next draft.
            var result = await InTransactionAsync(new ReplaceResult(DraftResult.Conflict, null), async db =>
            {
                var updated = await Drafts(db).ExecuteUpdateAsync(DraftColumns(stored, editor.Name), cancellationToken);
                if (updated == 0)
                {
                    db.ConfigurationVersions.Add(NewDraft(stored, editor.Name));
                }

                await SavedAsync(db, editor.Name, "Draft replaced through the API.", cancellationToken);
                return new ReplaceResult(DraftResult.Saved, await Drafts(db).AsNoTracking().SingleAsync(cancellationToken));
            }, cancellationToken);
            if (result.Result.Outcome != DraftOutcome.Conflict || attempt == MaxReplaceAttempts)
            {
                return result;
            }
        }
    }

    /// <summary>Throws the draft away; the published version stays live.</summary>
    public async Task<DraftResult> DiscardAsync(ConfigurationEditor editor, CancellationToken cancellationToken)
    {
        if (!editor.MayEdit)
        {
            return DraftResult.Forbidden;
        }

        return await InTransactionAsync(DraftResult.NoDraft, async db =>
        {
            var draft = await Drafts(db).AsNoTracking().Select(v => new { v.Id, v.Author }).FirstOrDefaultAsync(cancellationToken);
            // Deleting by kind as well as id: a draft published in between is a version now and stays.
            if (draft is null || await Drafts(db).Where(v => v.Id == draft.Id).ExecuteDeleteAsync(cancellationToken) == 0)
            {
                return DraftResult.NoDraft;
            }

            db.AuditEvents.Add(Audit(editor.Name, "ConfigurationDraftDiscarded", $"Draft saved by {draft.Author} discarded."));
            await db.SaveChangesAsync(cancellationToken);
            return DraftResult.Saved;
        }, cancellationToken);
    }

    /// <summary>
    /// Publishes the draft as the next version; it routes the next lead on this instance at once, on others within
    /// <see cref="ConfigurationStore.RecheckInterval"/>. Version numbers only ever increase. What is published is
    /// exactly the text that was validated: a draft saved again meanwhile makes the publish a conflict.
    /// </summary>
    public Task<PublishResult> PublishAsync(ConfigurationEditor editor, CancellationToken cancellationToken) =>
        PublishAsync(editor, note: null, cancellationToken);

    /// <summary>
    /// <inheritdoc cref="PublishAsync(ConfigurationEditor, CancellationToken)"/> <paramref name="note"/> says what changed
    /// and why, in the editor's words; it becomes the version's comment (at most <see cref="MaxNoteLength"/> characters).
    /// Without one the comment says who published whose draft.
    /// </summary>
    public Task<PublishResult> PublishAsync(ConfigurationEditor editor, string? note, CancellationToken cancellationToken) =>
        PublishVersionAsync(editor, async db =>
        {
            var draft = await Drafts(db).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
            if (draft is null)
            {
                return new PublishResult(DraftResult.NoDraft, null);
            }

            if (Unpublishable(draft.Json) is { } invalid)
            {
                return invalid;
            }

            if (note?.Trim() is { Length: > MaxNoteLength })
            {
                return new PublishResult(new DraftResult(DraftOutcome.Invalid, [$"note: at most {MaxNoteLength} characters."]), null);
            }

            var comment = string.IsNullOrWhiteSpace(note) ? $"Published by {editor.Name} from the draft saved by {draft.Author}" : note.Trim();
            var newestPublished = await Published(db).MaxAsync(v => v.Id, cancellationToken);
            var now = time.GetUtcNow();
            ConfigurationVersionEntity version;
            if (draft.Id > newestPublished)
            {
                // The draft row becomes the version (a discarded draft leaves a gap in the numbers; they only ever increase).
                var changed = await Drafts(db)
                    .Where(v => v.Id == draft.Id && v.Json == draft.Json)
                    .ExecuteUpdateAsync(
                        set => set
                            .SetProperty(v => v.Kind, ConfigurationVersionKind.Published)
                            .SetProperty(v => v.Author, editor.Name)
                            .SetProperty(v => v.CreatedAt, now)
                            .SetProperty(v => v.Comment, comment),
                        cancellationToken);
                if (changed == 0)
                {
                    return new PublishResult(DraftResult.Conflict, null);
                }

                version = new ConfigurationVersionEntity
                {
                    Id = draft.Id, Kind = ConfigurationVersionKind.Published, Json = draft.Json, Author = editor.Name, CreatedAt = now, Comment = comment,
                };
            }
            else
            {
                // A rollback published after this draft was started: the newest version is the highest number, so the draft gets a new one.
                if (await Drafts(db).Where(v => v.Id == draft.Id && v.Json == draft.Json).ExecuteDeleteAsync(cancellationToken) == 0)
                {
                    return new PublishResult(DraftResult.Conflict, null);
                }

                version = NewVersion(draft.Json, editor.Name, comment);
                db.ConfigurationVersions.Add(version);
                await db.SaveChangesAsync(cancellationToken);
            }

            return await AuditedAsync(db, version, Audit(editor.Name, "ConfigurationPublished", $"Version {version.Id} published."), cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Every published version, newest first: number, author, time, comment (the documents are read one at a time). An
    /// author who signs in is named as people know them (their display name); an API key by its name.
    /// </summary>
    public async Task<IReadOnlyList<VersionSummary>> HistoryAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.Kind == ConfigurationVersionKind.Published)
            .OrderByDescending(v => v.Id)
            .Select(v => new { v.Id, v.Author, v.CreatedAt, v.Comment })
            .ToListAsync(cancellationToken);
        var emails = versions.Select(v => v.Author.ToUpperInvariant()).Distinct().ToList();
        var names = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail))
            .ToDictionaryAsync(u => u.NormalizedEmail!, u => u.DisplayName, cancellationToken);
        return [.. versions.Select(v => new VersionSummary(v.Id, v.Author, names.GetValueOrDefault(v.Author.ToUpperInvariant()) ?? v.Author, v.CreatedAt, v.Comment))];
    }

    /// <summary>What version <paramref name="version"/> changed against the version published before it (everything is new in the first).</summary>
    public async Task<IReadOnlyList<ConfigurationChange>> ChangesOfAsync(int version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var published = db.ConfigurationVersions.AsNoTracking().Where(v => v.Kind == ConfigurationVersionKind.Published);
        var json = await published.Where(v => v.Id == version).Select(v => v.Json).SingleOrDefaultAsync(cancellationToken);
        if (json is null)
        {
            return [];
        }

        var previous = await published.Where(v => v.Id < version).OrderByDescending(v => v.Id).Select(v => v.Json).FirstOrDefaultAsync(cancellationToken);
        return previous is null ? [] : ConfigurationDiff.Between(previous, json);
    }

    /// <summary>What the draft changes against the version that routes now; empty without a draft.</summary>
    public async Task<IReadOnlyList<ConfigurationChange>> DraftChangesAsync(ConfigurationDraft document, CancellationToken cancellationToken)
    {
        if (!document.IsDraft)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return ConfigurationDiff.Between((await NewestPublishedAsync(db, cancellationToken)).Json, document.Json);
    }

    /// <summary>
    /// Publishes version <paramref name="version"/>'s document again as a new version — a rollback is a publish like any
    /// other, so history only grows. A draft in progress is left alone (it is published later as a newer version).
    /// </summary>
    public Task<PublishResult> RollbackAsync(ConfigurationEditor editor, int version, CancellationToken cancellationToken) =>
        PublishVersionAsync(editor, async db =>
        {
            var json = await Published(db).Where(v => v.Id == version).Select(v => v.Json).SingleOrDefaultAsync(cancellationToken);
            if (json is null)
            {
                return new PublishResult(new DraftResult(DraftOutcome.NoDraft, [$"There is no published version {version}."]), null);
            }

            if (Unpublishable(json) is { } invalid)
            {
                return invalid;
            }

            var rollback = NewVersion(json, editor.Name, $"Rollback to version {version} by {editor.Name}");
            db.ConfigurationVersions.Add(rollback);
            await db.SaveChangesAsync(cancellationToken);
            return await AuditedAsync(db, rollback, Audit(editor.Name, "ConfigurationRolledBack", $"Version {rollback.Id} publishes version {version} again."), cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// A publish of either kind (draft, rollback): only by an editor, in one transaction whose conflict answers
    /// <see cref="DraftResult.Conflict"/>, and once a version is written this instance's store reloads at once.
    /// </summary>
    private async Task<PublishResult> PublishVersionAsync(
        ConfigurationEditor editor, Func<LeadRoutingDbContext, Task<PublishResult>> publish, CancellationToken cancellationToken)
    {
        if (!editor.MayEdit)
        {
            return new PublishResult(DraftResult.Forbidden, null);
        }

        var result = await InTransactionAsync(new PublishResult(DraftResult.Conflict, null), publish, cancellationToken);
        if (result.Version is not null)
        {
            configurations.Invalidate();
        }

        return result;
    }

    /// <summary>Why <paramref name="json"/> may not be published (the publishing rules of the validator); null when it may.</summary>
    private static PublishResult? Unpublishable(string json)
    {
        var errors = ConfigurationValidator.ValidateForPublishing(ConfigurationLoader.Deserialize(json));
        return errors.Count > 0 ? new PublishResult(new DraftResult(DraftOutcome.Invalid, errors), null) : null;
    }

    /// <summary>Writes the publish's audit event and answers the version as published.</summary>
    private static async Task<PublishResult> AuditedAsync(
        LeadRoutingDbContext db, ConfigurationVersionEntity version, AuditEventEntity audit, CancellationToken cancellationToken)
    {
        db.AuditEvents.Add(audit);
        await db.SaveChangesAsync(cancellationToken);
        return new PublishResult(DraftResult.Saved, version);
    }

    private ConfigurationVersionEntity NewVersion(string json, string author, string comment) =>
        new() { Kind = ConfigurationVersionKind.Published, Json = json, Author = author, CreatedAt = time.GetUtcNow(), Comment = comment };

    /// <summary>
    /// Routes a sample lead against <paramref name="draft"/> and against the published version, without storing
    /// anything. Both route over the same live state, read once (<see cref="LiveRoutingState"/>: rep availability and
    /// loads, accounts, open leads, round-robin positions, as a post would see them; nothing moves), so the two answers
    /// differ only by the rules, and the published side is what a post would decide now.
    /// </summary>
    public async Task<DraftPreview> PreviewAsync(RoutingConfiguration draft, LeadSubmission sample, FieldErrors errors, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        LeadValidator.ValidateAfterReading(sample, now, errors);
        if (!errors.IsEmpty)
        {
            return new DraftPreview(null, null, null, errors.ToDictionary().AsReadOnly());
        }

        var draftEngine = new RoutingEngine(draft, time);
        var published = await configurations.CurrentAsync(cancellationToken);
        var (lead, byDraft, byPublished) = live.Read(published, snapshot =>
        {
            var (draftLead, draftDecision) = snapshot.Route(draftEngine, sample, now);
            return (draftLead, draftDecision, snapshot.Route(published.Engine, sample, now).Decision);
        });
        return new DraftPreview(lead, byDraft, byPublished, DraftPreview.NoErrors) { PublishedVersion = ConfigurationStamp.Of(published) };
    }

    /// <summary>How often a whole-document replace is tried when concurrent writers keep serialising it out.</summary>
    private const int MaxReplaceAttempts = 5;

    /// <summary>
    /// Runs one change of the stored configuration in a serializable transaction. The database refuses to change or
    /// delete a published version (a trigger, see migration <c>PublishedVersionsImmutable</c>) and to hold two drafts
    /// (a unique filtered index), so a lost race surfaces here as an error of the database — answered with
    /// <paramref name="onConflict"/>, never as a changed version.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(T onConflict, Func<LeadRoutingDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var result = await work(db);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (Exception ex) when (LeadRoutingStorage.IsUniqueViolation(ex) || LeadRoutingStorage.IsConcurrencyConflict(ex))
        {
            return onConflict;
        }
    }

    private static IQueryable<ConfigurationVersionEntity> Drafts(LeadRoutingDbContext db) =>
        db.ConfigurationVersions.Where(v => v.Kind == ConfigurationVersionKind.Draft);

    private static IQueryable<ConfigurationVersionEntity> Published(LeadRoutingDbContext db) =>
        db.ConfigurationVersions.Where(v => v.Kind == ConfigurationVersionKind.Published);

    private Action<UpdateSettersBuilder<ConfigurationVersionEntity>> DraftColumns(string json, string author)
    {
        var now = time.GetUtcNow();
        return set => set
            .SetProperty(v => v.Json, json)
            .SetProperty(v => v.Author, author)
            .SetProperty(v => v.CreatedAt, now);
    }

    private ConfigurationVersionEntity NewDraft(string json, string author) =>
        new() { Kind = ConfigurationVersionKind.Draft, Json = json, Author = author, CreatedAt = time.GetUtcNow() };

    /// <summary>Audits a saved draft and writes what the transaction added; the caller commits.</summary>
    private async Task<DraftResult> SavedAsync(LeadRoutingDbContext db, string author, string summary, CancellationToken cancellationToken)
    {
        db.AuditEvents.Add(Audit(author, "ConfigurationDraftSaved", summary));
        await db.SaveChangesAsync(cancellationToken);
        return DraftResult.Saved;
    }

    private AuditEventEntity Audit(string actor, string type, string detail) =>
        new() { At = time.GetUtcNow(), Actor = actor, Type = type, Detail = detail };

    private static Task<ConfigurationVersionEntity> NewestPublishedAsync(LeadRoutingDbContext db, CancellationToken cancellationToken) =>
        db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.Kind == ConfigurationVersionKind.Published)
            .OrderByDescending(v => v.Id)
            .FirstAsync(cancellationToken);
}

/// <summary>Who changes the configuration, and whether they may: Ops people in the browser, admin-scoped API keys.</summary>
public sealed record ConfigurationEditor(string Name, bool MayEdit)
{
    public static ConfigurationEditor From(SignedInUser? user) =>
        user is null ? new("anonymous", false) : new(user.Email, user.Roles.Contains(LeadRoutingRoles.Ops));
}

/// <summary>The document Ops are editing: the draft, or the published version when there is no draft yet.</summary>
/// <param name="Configuration">The parsed document.</param>
/// <param name="Json">The stored text the edit started from; a save is refused when the stored draft no longer equals it.</param>
/// <param name="PublishedVersion">The live version the draft will replace when published.</param>
/// <param name="Draft">Who saved the draft and when; null when the document is the published version.</param>
public sealed record ConfigurationDraft(RoutingConfiguration Configuration, string Json, int PublishedVersion, DraftStamp? Draft)
{
    public bool IsDraft => Draft is not null;
}

public sealed record DraftStamp(string Author, DateTimeOffset SavedAt);

public enum DraftOutcome
{
    Saved,
    Invalid,
    Conflict,
    Forbidden,
    NoDraft,
}

/// <summary>What became of a save, discard or publish; <see cref="Errors"/> lists every problem of an invalid document.</summary>
public sealed record DraftResult(DraftOutcome Outcome, IReadOnlyList<string> Errors)
{
    public static readonly DraftResult Saved = new(DraftOutcome.Saved, []);
    public static readonly DraftResult Conflict = new(DraftOutcome.Conflict, ["Someone else saved or published the configuration since you opened it. Reload to see their change, then edit again."]);
    public static readonly DraftResult Forbidden = new(DraftOutcome.Forbidden, ["Only Ops may change the routing configuration."]);
    public static readonly DraftResult NoDraft = new(DraftOutcome.NoDraft, ["There is no draft: save a change first."]);

    public bool Succeeded => Outcome == DraftOutcome.Saved;
}

public sealed record PublishResult(DraftResult Result, ConfigurationVersionEntity? Version);

/// <summary>What became of replacing the draft with a whole document, and the draft as stored when it was saved.</summary>
public sealed record ReplaceResult(DraftResult Result, ConfigurationVersionEntity? Draft);

/// <summary>A published version as the versions page lists it.</summary>
/// <param name="Version">Its number.</param>
/// <param name="Author">Who published it as stored: a person's email or an API key's name.</param>
/// <param name="AuthorName">The author as people know them: a person's display name, else <paramref name="Author"/>.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="Comment">The publisher's note, or what the version was published from.</param>
public sealed record VersionSummary(int Version, string Author, string AuthorName, DateTimeOffset PublishedAt, string? Comment);

/// <summary>A sample lead routed by the draft and by the published rules, or the field errors that stopped it.</summary>
public sealed record DraftPreview(Lead? Lead, RoutingDecision? Draft, RoutingDecision? Published, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>().AsReadOnly();

    /// <summary>The published version the <see cref="Published"/> side routed with.</summary>
    public ConfigurationStamp? PublishedVersion { get; init; }

    public bool Differs => Draft is { } d && Published is { } p &&
        (d.Status != p.Status || d.Action != p.Action || d.OwnerId != p.OwnerId || d.TeamId != p.TeamId || d.SlaPolicy != p.SlaPolicy);
}
