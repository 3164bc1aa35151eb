using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Settings;

/// <summary>The draft behind the settings forms: who may change it, optimistic saves, preview and publish.</summary>
public sealed class ConfigurationDraftsTests : IDisposable
{
    private static readonly ConfigurationEditor Ops = new("nora.klein@leadrouting.demo", MayEdit: true);

    private readonly LeadRoutingApiFactory _app = new();
    private readonly ConfigurationDrafts _drafts;

    public ConfigurationDraftsTests() => _drafts = _app.Services.GetRequiredService<ConfigurationDrafts>();

    public void Dispose() => _app.Dispose();

    private static RoutingConfiguration WithWeight(RoutingConfiguration config, string repId, int weight) =>
        config with
        {
            Organisation = config.Organisation with
            {
                Reps = [.. config.Organisation.Reps.Select(r => r.Id.Value == repId ? r with { Weight = weight } : r)],
            },
        };

    private static LeadSubmission DemoRequest() => new()
    {
        Email = "jana@brightlabs.de",
        Company = "Bright Labs",
        Employees = 350,
        Industry = "Software",
        Country = "DE",
        Source = SignalType.DemoRequest,
    };

    [Fact]
    public async Task A_save_goes_to_the_draft_and_leaves_the_published_version_routing()
    {
        var before = await _drafts.LoadAsync(CancellationToken.None);
        Assert.False(before.IsDraft);

        var saved = await _drafts.SaveAsync(Ops, before, WithWeight(before.Configuration, "dach-mid-1", 7), "rep dach-mid-1 changed", CancellationToken.None);

        Assert.Equal(DraftOutcome.Saved, saved.Outcome);
        var after = await _drafts.LoadAsync(CancellationToken.None);
        Assert.True(after.IsDraft);
        Assert.Equal(Ops.Name, after.Draft!.Author);
        Assert.Equal(7, after.Configuration.Organisation.Reps.Single(r => r.Id.Value == "dach-mid-1").Weight);
        Assert.Equal(before.PublishedVersion, after.PublishedVersion);
        var live = await _app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None);
        Assert.Equal(1, live.Engine.Organisation.FindRep(new RepId("dach-mid-1"))!.Rep.Weight);

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEvents.SingleAsync(e => e.Type == "ConfigurationDraftSaved");
        Assert.Equal("rep dach-mid-1 changed", audit.Detail);
    }

    [Fact]
    public async Task Someone_who_may_not_edit_is_refused_for_every_action_and_nothing_changes()
    {
        var rep = ConfigurationEditor.From(new SignedInUser("u1", "Clara", "dach-mid-1@leadrouting.demo", [LeadRoutingRoles.Rep], "dach-mid-1"));
        var manager = ConfigurationEditor.From(new SignedInUser("u2", "Katrin", "katrin.vogel@leadrouting.demo", [LeadRoutingRoles.Manager], null));
        var document = await _drafts.LoadAsync(CancellationToken.None);
        await _drafts.SaveAsync(Ops, document, WithWeight(document.Configuration, "dach-mid-1", 3), "seed", CancellationToken.None);
        var draft = await _drafts.LoadAsync(CancellationToken.None);

        foreach (var editor in new[] { rep, manager, ConfigurationEditor.From(null) })
        {
            Assert.Equal(DraftOutcome.Forbidden, (await _drafts.SaveAsync(editor, draft, WithWeight(draft.Configuration, "dach-mid-1", 9), "x", CancellationToken.None)).Outcome);
            Assert.Equal(DraftOutcome.Forbidden, (await _drafts.ReplaceAsync(editor, draft.Json, CancellationToken.None)).Result.Outcome);
            Assert.Equal(DraftOutcome.Forbidden, (await _drafts.DiscardAsync(editor, CancellationToken.None)).Outcome);
            Assert.Equal(DraftOutcome.Forbidden, (await _drafts.PublishAsync(editor, CancellationToken.None)).Result.Outcome);
        }

        var after = await _drafts.LoadAsync(CancellationToken.None);
        Assert.Equal(draft.Json, after.Json);
        Assert.Equal(1, after.PublishedVersion);
    }

    [Fact]
    public async Task A_save_based_on_an_old_document_is_refused_instead_of_overwriting_the_other_edit()
    {
        var first = await _drafts.LoadAsync(CancellationToken.None);
        var second = await _drafts.LoadAsync(CancellationToken.None);
        Assert.True((await _drafts.SaveAsync(Ops, first, WithWeight(first.Configuration, "dach-mid-1", 4), "a", CancellationToken.None)).Succeeded);

        var late = await _drafts.SaveAsync(Ops, second, WithWeight(second.Configuration, "dach-mid-2", 5), "b", CancellationToken.None);

        Assert.Equal(DraftOutcome.Conflict, late.Outcome);
        var stored = (await _drafts.LoadAsync(CancellationToken.None)).Configuration.Organisation.Reps;
        Assert.Equal(4, stored.Single(r => r.Id.Value == "dach-mid-1").Weight);
        Assert.Equal(1, stored.Single(r => r.Id.Value == "dach-mid-2").Weight);
    }

    [Fact]
    public async Task A_document_that_would_not_route_is_refused_with_every_problem()
    {
        var document = await _drafts.LoadAsync(CancellationToken.None);
        var broken = WithWeight(document.Configuration, "dach-mid-1", 0) with
        {
            Organisation = document.Configuration.Organisation with
            {
                Reps = [.. WithWeight(document.Configuration, "dach-mid-1", 0).Organisation.Reps],
                Segments = [.. document.Configuration.Organisation.Segments.Where(s => !s.IsCatchAll)],
            },
        };

        var result = await _drafts.SaveAsync(Ops, document, broken, "broken", CancellationToken.None);

        Assert.Equal(DraftOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("weight", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("catch-all", StringComparison.Ordinal));
        Assert.False((await _drafts.LoadAsync(CancellationToken.None)).IsDraft);
    }

    [Fact]
    public async Task The_preview_routes_a_sample_by_the_draft_and_by_the_published_rules_side_by_side()
    {
        var document = await _drafts.LoadAsync(CancellationToken.None);
        var policy = document.Configuration.Policy;
        var stricter = document.Configuration with { Policy = policy with { Fit = policy.Fit with { StrongThreshold = 100 } } };

        var preview = await _drafts.PreviewAsync(stricter, DemoRequest(), new FieldErrors(), CancellationToken.None);

        Assert.Equal(TreatmentAction.SdrQualify, preview.Draft!.Action);
        Assert.Equal(TreatmentAction.AeImmediate, preview.Published!.Action);
        Assert.True(preview.Differs);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Leads.CountAsync());
        Assert.Equal(0, await db.Decisions.CountAsync());
    }

    [Fact]
    public async Task A_bad_sample_lead_gets_field_errors_not_a_decision()
    {
        var document = await _drafts.LoadAsync(CancellationToken.None);
        var sample = DemoRequest() with { Email = "not-an-email", Country = "XX" };

        var preview = await _drafts.PreviewAsync(document.Configuration, sample, new FieldErrors(), CancellationToken.None);

        Assert.Null(preview.Draft);
        Assert.Contains("email", preview.Errors.Keys);
        Assert.Contains("country", preview.Errors.Keys);
    }

    [Fact]
    public async Task Publish_makes_the_draft_the_next_version_and_discard_throws_a_draft_away()
    {
        Assert.Equal(DraftOutcome.NoDraft, (await _drafts.PublishAsync(Ops, CancellationToken.None)).Result.Outcome);
        var document = await _drafts.LoadAsync(CancellationToken.None);
        await _drafts.SaveAsync(Ops, document, WithWeight(document.Configuration, "dach-mid-1", 6), "w", CancellationToken.None);

        var published = await _drafts.PublishAsync(Ops, CancellationToken.None);

        Assert.Equal(2, published.Version!.Id);
        var live = await _app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None);
        Assert.Equal(2, live.Version);
        Assert.Equal(6, live.Engine.Organisation.FindRep(new RepId("dach-mid-1"))!.Rep.Weight);

        var next = await _drafts.LoadAsync(CancellationToken.None);
        await _drafts.SaveAsync(Ops, next, WithWeight(next.Configuration, "dach-mid-1", 8), "w2", CancellationToken.None);
        Assert.Equal(DraftOutcome.Saved, (await _drafts.DiscardAsync(Ops, CancellationToken.None)).Outcome);
        var afterDiscard = await _drafts.LoadAsync(CancellationToken.None);
        Assert.False(afterDiscard.IsDraft);
        Assert.Equal(6, afterDiscard.Configuration.Organisation.Reps.Single(r => r.Id.Value == "dach-mid-1").Weight);
    }

    [Fact]
    public async Task Every_version_keeps_its_changes_and_a_rollback_is_a_new_version_even_with_a_draft_in_progress()
    {
        var v1 = await _drafts.LoadAsync(CancellationToken.None);
        await _drafts.SaveAsync(Ops, v1, WithWeight(v1.Configuration, "dach-mid-1", 6), "w", CancellationToken.None);
        var v2 = (await _drafts.PublishAsync(Ops, CancellationToken.None)).Version!.Id;
        Assert.Equal(["Clara Fischer: weight 1 → 6"], (await _drafts.ChangesOfAsync(v2, CancellationToken.None)).Select(c => c.Text));

        // A draft started on version 2, then a rollback to version 1 published before it.
        var editing = await _drafts.LoadAsync(CancellationToken.None);
        await _drafts.SaveAsync(Ops, editing, WithWeight(editing.Configuration, "dach-mid-2", 9), "w2", CancellationToken.None);
        Assert.Equal(["David Wagner: weight 1 → 9"], (await _drafts.DraftChangesAsync(await _drafts.LoadAsync(CancellationToken.None), CancellationToken.None)).Select(c => c.Text));

        var rollback = await _drafts.RollbackAsync(Ops, 1, CancellationToken.None);

        var v3 = rollback.Version!.Id;
        Assert.True(v3 > v2);
        Assert.Equal($"Rollback to version 1 by {Ops.Name}", rollback.Version.Comment);
        Assert.Equal(["Clara Fischer: weight 6 → 1"], (await _drafts.ChangesOfAsync(v3, CancellationToken.None)).Select(c => c.Text));
        var store = _app.Services.GetRequiredService<ConfigurationStore>();
        Assert.Equal(1, (await store.CurrentAsync(CancellationToken.None)).Engine.Organisation.FindRep(new RepId("dach-mid-1"))!.Rep.Weight);
        Assert.True((await _drafts.LoadAsync(CancellationToken.None)).IsDraft);

        // The draft, older than the rollback, still becomes the newest version when published.
        var v4 = (await _drafts.PublishAsync(Ops, CancellationToken.None)).Version!.Id;
        Assert.True(v4 > v3);
        var live = await store.CurrentAsync(CancellationToken.None);
        Assert.Equal(v4, live.Version);
        Assert.Equal(9, live.Engine.Organisation.FindRep(new RepId("dach-mid-2"))!.Rep.Weight);
        Assert.Equal([v4, v3, v2, 1], (await _drafts.HistoryAsync(CancellationToken.None)).Select(v => v.Version));
        Assert.Equal(DraftOutcome.Forbidden, (await _drafts.RollbackAsync(ConfigurationEditor.From(null), 1, CancellationToken.None)).Result.Outcome);
    }
}
