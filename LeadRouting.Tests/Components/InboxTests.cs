using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Inbox;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary>
/// The inbox over the real app services and its own SQLite database (<see cref="LeadRoutingApiFactory"/>, demo roster,
/// clock fixed at Monday 15:00 UTC): leads are ingested the way the API does, the page acts through the real
/// <see cref="LeadActionsService"/> and listens to the real <see cref="LeadEventNotifier"/>.
/// </summary>
public sealed class InboxTests : ComponentTestContext
{
    private readonly LeadRoutingApiFactory _factory = new();
    private int _sequence;

    public InboxTests()
    {
        Services.AddSingleton(_factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>());
        Services.AddSingleton(_factory.Services.GetRequiredService<LeadActionsService>());
        Services.AddSingleton(_factory.Services.GetRequiredService<ConfigurationStore>());
        Services.AddSingleton(Notifier);
        // The page's clock is the app's, so countdowns and the actions agree.
        Services.AddSingleton<TimeProvider>(_factory.Time);
        Services.AddScoped<ICurrentUser, CurrentUser>();
    }

    private LeadEventNotifier Notifier => _factory.Services.GetRequiredService<LeadEventNotifier>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _factory.Dispose();
        }
    }

    private void SignInAs(string repId)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized($"{repId}@leadrouting.demo");
        authorization.SetRoles(LeadRoutingRoles.Rep);
        authorization.SetPolicies(LeadRoutingPolicies.Rep);
        authorization.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, "user-" + repId),
            new Claim(LeadRoutingClaims.DisplayName, "Rep " + repId),
            new Claim(LeadRoutingClaims.RepId, repId));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    /// <summary>A demo request, routed as the API would route it; German mid-size companies go to a DACH rep.</summary>
    private async Task<LeadEntity> IngestAsync(string country = "DE", string firstName = "Anna", string? company = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"person.{n}@inbox-{n}.example",
            FirstName = firstName,
            LastName = "Beispiel",
            Company = company ?? $"Inbox {n} GmbH",
            Country = country,
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        Assert.Equal(IngestOutcome.Created, result.Outcome);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == result.LeadId);
        Assert.Equal(LeadStage.Assigned, lead.Stage);
        return lead;
    }

    private static IElement Card(IRenderedComponent<Inbox> cut, string leadId) => cut.Find($"[data-lead-id='{leadId}']");

    private int ServiceCalls()
    {
        using var db = _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContext();
        return db.AuditEvents.Count(e => e.Type == "Declined" || e.Type == "Accepted");
    }

    [Fact]
    public async Task Shows_my_open_leads_with_a_countdown_and_not_another_reps()
    {
        var mine = await IngestAsync();
        var theirs = await IngestAsync(country: "GB", company: "Elsewhere Ltd");
        Assert.NotEqual(mine.OwnerId, theirs.OwnerId);
        SignInAs(mine.OwnerId!);

        var cut = RenderPage<Inbox>();

        var card = Card(cut, mine.Id);
        Assert.Equal("Anna Beispiel", card.QuerySelector("[data-testid=contact]")!.TextContent);
        Assert.Equal(mine.Company, card.QuerySelector("[data-testid=company]")!.TextContent);
        Assert.Equal("Demo request", card.QuerySelector("[data-testid=source]")!.TextContent);
        Assert.Equal("Assigned", card.QuerySelector("[data-testid=stage]")!.TextContent);
        Assert.Contains("due", card.QuerySelector("[data-testid=next-step]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("15m 00s left to respond", card.QuerySelector("[data-testid=countdown]")!.TextContent.Trim());
        Assert.Empty(cut.FindAll($"[data-lead-id='{theirs.Id}']"));
        Assert.Equal("1", cut.Find("[data-testid=assigned-today]").TextContent);
    }

    [Fact]
    public async Task A_possible_duplicate_is_marked_with_a_link_to_the_other_lead()
    {
        // Issue 19: the same name at the same account under another email goes to the same rep and is marked.
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            db.Accounts.Add(new AccountEntity { Domain = "inbox-dup.example", Name = "Inbox Dup GmbH", CreatedAt = LeadRoutingApiFactory.Now });
            await db.SaveChangesAsync();
        }

        async Task<string> IngestAsync(string email)
        {
            var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
            {
                Email = email, FirstName = "Anna", LastName = "Beispiel", Country = "DE", Employees = 400, Industry = "Software", Source = SignalType.DemoRequest,
            }, "test", CancellationToken.None);
            return result.LeadId!;
        }

        var first = await IngestAsync("anna@inbox-dup.example");
        var second = await IngestAsync("a.beispiel@inbox-dup.example");
        await using var read = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        SignInAs((await read.Leads.AsNoTracking().SingleAsync(l => l.Id == first)).OwnerId!);

        var cut = RenderPage<Inbox>();

        var marker = Card(cut, second).QuerySelector("[data-testid=possible-duplicate]")!;
        Assert.Equal($"/leads/{first}", marker.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"Possible duplicate of {first}", string.Join(' ', marker.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Null(Card(cut, first).QuerySelector("[data-testid=possible-duplicate]"));
    }

    [Fact]
    public async Task The_countdown_ticks_with_the_clock_and_turns_at_risk()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        var cut = RenderPage<Inbox>();

        _factory.Time.Advance(TimeSpan.FromMinutes(12)); // 3 of 15 minutes left: under a quarter

        cut.WaitForAssertion(() =>
        {
            var countdown = Card(cut, mine.Id).QuerySelector("[data-testid=countdown]")!;
            Assert.Equal("3m 00s left to respond", countdown.TextContent.Trim());
            Assert.Equal(nameof(SlaState.AtRisk), countdown.GetAttribute("data-sla"));
        });
    }

    [Fact]
    public async Task Accept_calls_the_service_and_the_card_shows_the_lead_accepted()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        var cut = RenderPage<Inbox>();

        await cut.InvokeAsync(() => Card(cut, mine.Id).QuerySelector("[data-testid=accept]")!.Click());

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Accepted", Card(cut, mine.Id).QuerySelector("[data-testid=stage]")!.TextContent);
            Assert.Null(Card(cut, mine.Id).QuerySelector("[data-testid=accept]"));
            Assert.Equal("1", cut.Find("[data-testid=accepted-today]").TextContent);
        });
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(LeadStage.Accepted, (await db.Leads.SingleAsync(l => l.Id == mine.Id)).Stage);
    }

    [Fact]
    public async Task Decline_without_a_reason_shows_the_validation_message_and_calls_nothing()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        var cut = RenderPage<Inbox>();
        var before = ServiceCalls();

        Card(cut, mine.Id).QuerySelector("[data-testid=decline]")!.Click();
        Card(cut, mine.Id).QuerySelector("[data-testid=confirm-decline]")!.Click();

        Assert.Equal("A reason is required to decline.", Card(cut, mine.Id).QuerySelector("[data-testid=decline-error]")!.TextContent);
        Assert.Equal("Assigned", Card(cut, mine.Id).QuerySelector("[data-testid=stage]")!.TextContent);
        Assert.Equal(before, ServiceCalls());
    }

    [Fact]
    public async Task Decline_with_a_reason_hands_the_lead_on_and_it_leaves_my_inbox()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        var cut = RenderPage<Inbox>();

        Card(cut, mine.Id).QuerySelector("[data-testid=decline]")!.Click();
        Card(cut, mine.Id).QuerySelector("textarea[data-testid=decline-reason], [data-testid=decline-reason] textarea")!.Input("Existing customer of a partner");
        await cut.InvokeAsync(() => Card(cut, mine.Id).QuerySelector("[data-testid=confirm-decline]")!.Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-lead-id='{mine.Id}']")));
    }

    [Fact]
    public async Task Logging_a_call_moves_the_lead_to_contacted_and_stops_the_clock()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        var cut = RenderPage<Inbox>();

        Card(cut, mine.Id).QuerySelector("[data-testid=log-touch]")!.Click();
        Card(cut, mine.Id).QuerySelector("input[data-testid=touch-note], [data-testid=touch-note] input")!.Input("Left a voicemail");
        await cut.InvokeAsync(() => Card(cut, mine.Id).QuerySelector("[data-testid=touch-Call]")!.Click());

        // A touched lead's clock stopped: it moves to "In progress", collapsed until the rep opens it.
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-lead-id='{mine.Id}']")));
        await cut.InvokeAsync(() => cut.Find("[data-testid=toggle-stopped]").Click());
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Contacted", Card(cut, mine.Id).QuerySelector("[data-testid=stage]")!.TextContent);
            Assert.Equal(nameof(SlaState.Stopped), Card(cut, mine.Id).QuerySelector("[data-testid=countdown]")!.GetAttribute("data-sla"));
            Assert.Equal("1", cut.Find("[data-testid=touched-today]").TextContent);
            Assert.Equal("1", cut.Find("[data-testid=met-today]").TextContent);
        });
    }

    [Fact]
    public async Task A_contacted_lead_can_be_won_and_leaves_the_inbox_while_disqualifying_needs_a_reason()
    {
        var won = await IngestAsync();
        var lost = await IngestAsync();
        SignInAs(won.OwnerId!);
        foreach (var lead in new[] { won, lost })
        {
            await _factory.Services.GetRequiredService<LeadActionsService>().LogTouchAsync(lead.Id, new LeadActor("Owner", lead.OwnerId), LeadRouting.Core.Sla.TouchKind.Call, null, CancellationToken.None);
        }

        var cut = RenderPage<Inbox>();
        await cut.InvokeAsync(() => cut.Find("[data-testid=toggle-stopped]").Click());
        Assert.NotNull(Card(cut, won.Id).QuerySelector("[data-testid=qualify]"));
        await cut.InvokeAsync(() => Card(cut, won.Id).QuerySelector("[data-testid=convert]")!.Click());
        // Won closes the lead: the button asks first, and only "Yes, won" closes it.
        cut.WaitForElement($"[data-lead-id='{won.Id}'] [data-testid=convert-confirm]");
        await cut.InvokeAsync(() => Card(cut, won.Id).QuerySelector("[data-testid=convert-confirm]")!.Click());
        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("[data-testid=lead]"), c => c.GetAttribute("data-lead-id") == won.Id));

        await cut.InvokeAsync(() => Card(cut, lost.Id).QuerySelector("[data-testid=disqualify]")!.Click());
        cut.WaitForElement($"[data-lead-id='{lost.Id}'] [data-testid=confirm-disqualify]");
        await cut.InvokeAsync(() => Card(cut, lost.Id).QuerySelector("[data-testid=confirm-disqualify]")!.Click());
        cut.WaitForAssertion(() => Assert.Contains("Say why the lead is disqualified", Card(cut, lost.Id).QuerySelector("[data-testid=disqualify-form]")!.TextContent, StringComparison.Ordinal));

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(LeadStage.Converted, (await db.Leads.SingleAsync(l => l.Id == won.Id)).Stage);
        Assert.Equal(LeadStage.Contacted, (await db.Leads.SingleAsync(l => l.Id == lost.Id)).Stage);
    }

    [Fact]
    public async Task Triage_puts_leads_to_accept_under_needs_action_and_collapses_clock_stopped_ones()
    {
        var open = await IngestAsync();
        var touched = await IngestAsync();
        SignInAs(open.OwnerId!);
        await _factory.Services.GetRequiredService<LeadActionsService>().LogTouchAsync(touched.Id, new LeadActor("Owner", touched.OwnerId), LeadRouting.Core.Sla.TouchKind.Call, null, CancellationToken.None);

        var cut = RenderPage<Inbox>();

        var needsAction = cut.Find("[data-testid=needs-action]");
        Assert.NotNull(needsAction.QuerySelector($"[data-lead-id='{open.Id}']"));
        Assert.Equal("To accept", needsAction.QuerySelector("[data-testid=todo]")!.TextContent);
        Assert.Empty(cut.FindAll($"[data-lead-id='{touched.Id}']"));
        Assert.Equal("Show 1 with the clock stopped", cut.Find("[data-testid=toggle-stopped]").TextContent.Trim());
        var card = Card(cut, open.Id);
        Assert.Equal($"/leads/{open.Id}", card.QuerySelector("a[data-testid=contact]")!.GetAttribute("href"));
        Assert.Equal("400 employees · Software · DE · no deal value", card.QuerySelector("[data-testid=facts]")!.TextContent);

        await cut.InvokeAsync(() => cut.Find("[data-testid=toggle-stopped]").Click());
        Assert.NotNull(cut.Find("[data-testid=in-progress]").QuerySelector($"[data-lead-id='{touched.Id}']"));
        Assert.Equal("Hide 1 with the clock stopped", cut.Find("[data-testid=toggle-stopped]").TextContent.Trim());
    }

    [Fact]
    public async Task In_German_the_inbox_card_countdown_and_why_me_speak_German()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        using var german = CultureScope.Of("de-DE");

        var cut = RenderPage<Inbox>();

        Assert.Equal("Mein Eingang", cut.Find("h1").TextContent);
        Assert.Equal("Handlungsbedarf (1)", cut.Find("#needs-action-title").TextContent);
        var card = Card(cut, mine.Id);
        Assert.Equal("Demo-Anfrage", card.QuerySelector("[data-testid=source]")!.TextContent);
        Assert.Equal("Zugewiesen", card.QuerySelector("[data-testid=stage]")!.TextContent);
        Assert.Equal("Anzunehmen", card.QuerySelector("[data-testid=todo]")!.TextContent);
        Assert.Equal("noch 15m 00s zur Reaktion", card.QuerySelector("[data-testid=countdown]")!.TextContent.Trim());
        Assert.Contains("fällig am heute, 16:15", card.QuerySelector("[data-testid=next-step]")!.TextContent, StringComparison.Ordinal);
        // The step the app gave the new owner reads German too ("First response to …: demo request").
        Assert.Matches("^Nächster Schritt: Erste Reaktion an .+: Demo-Anfrage · fällig am heute, 16:15$", card.QuerySelector("[data-testid=next-step]")!.TextContent.Trim());
        Assert.Equal("400 Mitarbeitende · Software · DE · kein Deal-Wert", card.QuerySelector("[data-testid=facts]")!.TextContent);

        await cut.InvokeAsync(() => Card(cut, mine.Id).QuerySelector("[data-testid=why-me]")!.Click());
        cut.WaitForElement($"[data-lead-id='{mine.Id}'] [data-testid=trace]");
        var trace = Card(cut, mine.Id).QuerySelector("[data-testid=trace]")!;
        Assert.StartsWith("1. Eingang", trace.QuerySelector(".trace-title")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("keiner: das ist ein neuer Lead", trace.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("signals and source", trace.TextContent, StringComparison.Ordinal);

        // A lead handed to the rep while the page is open is announced in German too.
        var snackbar = Services.GetRequiredService<MudBlazor.ISnackbar>();
        cut.WaitForAssertion(() => Assert.True(Notifier.SubscriberCount > 0));
        Notifier.Publish(new LeadEvent
        {
            Kind = LeadEventKind.Routed, LeadId = "ld_toast_de", At = _factory.Time.GetUtcNow(), Actor = "test",
            Status = LeadStage.Assigned, OwnerId = mine.OwnerId, Contact = "Bruno Beispiel", Company = "B GmbH",
        });
        cut.WaitForAssertion(() => Assert.Contains("Neuer Lead: Bruno Beispiel · B GmbH", snackbar.ShownSnackbars.Select(t => t.Message)));
    }

    [Fact]
    public async Task The_respond_by_time_on_the_inbox_card_and_the_lead_page_is_the_same_local_time()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);

        var inbox = RenderPage<Inbox>();
        var lead = Render<LeadRouting.Web.Components.Pages.Leads.LeadDetail>(p => p.Add(c => c.Id, mine.Id));
        lead.WaitForElement("[data-testid=lead-clocks]");

        // Respond-by is 15 minutes after 15:00 UTC: 16:15 in Berlin on both pages, with no "UTC" anywhere.
        var onCard = Card(inbox, mine.Id).QuerySelector("[data-testid=next-step]")!.TextContent;
        var onPage = lead.FindAll("[data-testid=lead-clocks] tr").Single(r => r.QuerySelector("th")!.TextContent == "Respond by").QuerySelector("td")!.TextContent;
        Assert.Equal("today, 16:15", onPage);
        Assert.EndsWith("due " + onPage, onCard.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", inbox.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", lead.Find("[data-testid=lead-clocks]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_touch_with_a_note_and_a_next_step_shows_in_the_history_the_inbox_and_the_lead_page()
    {
        using var english = CultureScope.Of("en-GB");
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        var cut = RenderPage<Inbox>();

        await cut.InvokeAsync(() => Card(cut, mine.Id).QuerySelector("[data-testid=log-touch]")!.Click());
        Assert.Equal("2026-12-01T10:00", Card(cut, mine.Id).QuerySelector("input[data-testid=touch-next-step-due], [data-testid=touch-next-step-due] input")!.GetAttribute("value"));
        Card(cut, mine.Id).QuerySelector("input[data-testid=touch-note], [data-testid=touch-note] input")!.Input("Interested, wants pricing");
        Card(cut, mine.Id).QuerySelector("input[data-testid=touch-next-step], [data-testid=touch-next-step] input")!.Input("Send the proposal");
        Card(cut, mine.Id).QuerySelector("input[data-testid=touch-next-step-due], [data-testid=touch-next-step-due] input")!.Input("2026-12-02T11:30");
        await cut.InvokeAsync(() => Card(cut, mine.Id).QuerySelector("[data-testid=touch-Email]")!.Click());

        // The click's handler awaits the writer; the test waits for the commit instead of racing it.
        var dbFactory = _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        var touchedEvent = await Eventually.FindAsync(async () =>
        {
            await using var read = await dbFactory.CreateDbContextAsync();
            return await read.AuditEvents.AsNoTracking().SingleOrDefaultAsync(e => e.LeadId == mine.Id && e.Type == "Touched");
        }, "the touch to be stored");
        Assert.Contains("note: Interested, wants pricing; next step: Send the proposal", touchedEvent.Detail, StringComparison.Ordinal);
        await using var db = await dbFactory.CreateDbContextAsync();
        var task = await db.LeadTasks.AsNoTracking().SingleAsync(t => t.LeadId == mine.Id && t.CompletedAt == null && t.CancelledAt == null);
        Assert.Equal(("Send the proposal", new DateTimeOffset(2026, 12, 2, 10, 30, 0, TimeSpan.Zero)), (task.Title, task.DueAt!.Value.ToUniversalTime()));

        await cut.InvokeAsync(() => cut.Find("[data-testid=toggle-stopped]").Click());
        Assert.Equal("Next step: Send the proposal · due 2 Dec, 11:30", Card(cut, mine.Id).QuerySelector("[data-testid=next-step]")!.TextContent.Trim());

        var lead = Render<LeadRouting.Web.Components.Pages.Leads.LeadDetail>(p => p.Add(c => c.Id, mine.Id));
        lead.WaitForElement("[data-testid=lead-clocks]");
        Assert.Equal("Send the proposal", lead.Find("[data-testid=lead-next-step]").TextContent);
        Assert.Equal("Due 2 Dec, 11:30", lead.Find("[data-testid=lead-next-step-due]").TextContent);
        Assert.Contains("note: Interested, wants pricing", lead.Find("[data-testid=lead-timeline]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_next_step_needs_a_future_due_date_and_nothing_is_stored_without_one()
    {
        var mine = await IngestAsync();
        var actions = _factory.Services.GetRequiredService<LeadActionsService>();
        var actor = new LeadActor("Owner", mine.OwnerId);

        var noDue = await actions.LogTouchAsync(mine.Id, actor, LeadRouting.Core.Sla.TouchKind.Call, null, CancellationToken.None, "Call back", null);
        var past = await actions.LogTouchAsync(mine.Id, actor, LeadRouting.Core.Sla.TouchKind.Call, null, CancellationToken.None, "Call back", _factory.Time.GetUtcNow().AddMinutes(-1));

        Assert.Equal((LeadActionOutcome.Invalid, "nextStepDue"), (noDue.Outcome, noDue.Errors!.Keys.Single()));
        Assert.Equal((LeadActionOutcome.Invalid, "nextStepDue"), (past.Outcome, past.Errors!.Keys.Single()));
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Touches.CountAsync(t => t.LeadId == mine.Id));
    }

    [Fact]
    public async Task Won_asks_first_and_cancel_keeps_the_lead_open()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        await _factory.Services.GetRequiredService<LeadActionsService>().LogTouchAsync(mine.Id, new LeadActor("Owner", mine.OwnerId), LeadRouting.Core.Sla.TouchKind.Call, null, CancellationToken.None);
        var cut = RenderPage<Inbox>();
        await cut.InvokeAsync(() => cut.Find("[data-testid=toggle-stopped]").Click());

        await cut.InvokeAsync(() => Card(cut, mine.Id).QuerySelector("[data-testid=convert]")!.Click());
        Assert.Contains("Mark Anna Beispiel as won? This closes the lead.", Card(cut, mine.Id).QuerySelector("[data-testid=convert-confirm-box]")!.TextContent, StringComparison.Ordinal);
        await cut.InvokeAsync(() => Card(cut, mine.Id).QuerySelector("[data-testid=convert-cancel]")!.Click());

        Assert.NotNull(Card(cut, mine.Id).QuerySelector("[data-testid=convert]"));
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(LeadStage.Contacted, (await db.Leads.SingleAsync(l => l.Id == mine.Id)).Stage);
    }

    [Fact]
    public async Task A_lead_event_for_me_reloads_the_list_and_counts_a_new_lead()
    {
        var first = await IngestAsync();
        SignInAs(first.OwnerId!);
        var cut = RenderPage<Inbox>();
        cut.WaitForAssertion(() => Assert.True(Notifier.SubscriberCount > 0));

        // Routing rotates within the team: ingest until the next German lead lands with the same rep.
        LeadEntity next;
        var attempts = 0;
        do
        {
            next = await IngestAsync(firstName: "Bruno");
        }
        while (next.OwnerId != first.OwnerId && ++attempts < 10);
        Assert.Equal(first.OwnerId, next.OwnerId);
        Notifier.Publish(new LeadEvent
        {
            Kind = LeadEventKind.Routed,
            LeadId = next.Id,
            At = _factory.Time.GetUtcNow(),
            Actor = "test",
            Status = LeadStage.Assigned,
            OwnerId = next.OwnerId,
            Contact = "Bruno Beispiel",
            Company = next.Company,
        });

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Bruno Beispiel", Card(cut, next.Id).QuerySelector("[data-testid=contact]")!.TextContent);
            Assert.Contains("new", cut.Find("[data-testid=new-count]").TextContent, StringComparison.Ordinal);
        });
    }

    [Slow(SlowBecause.Volume)]
    [Fact]
    public void A_thousand_imported_leads_for_me_count_in_the_badge_but_show_one_toast_and_one_summary()
    {
        // No lead of the test's own before the import: its own live event could reach the page in the middle of the
        // thousand, and with the queue full the oldest (Person 1) would give way to it.
        const string repId = "dach-mid-1";
        SignInAs(repId);
        var snackbar = Services.GetRequiredService<MudBlazor.ISnackbar>();
        // Count every toast the page raises, not only the few MudBlazor displays at once.
        snackbar.Configuration.MaxDisplayedSnackbars = int.MaxValue;
        snackbar.Configuration.VisibleStateDuration = int.MaxValue;
        var cut = RenderPage<Inbox>();
        cut.WaitForAssertion(() => Assert.True(Notifier.SubscriberCount > 0));

        // What a CSV import whose rows all go to this rep publishes, one event per lead: as many as a live subscriber's
        // queue holds (LeadEventNotifier.QueueCapacity), all at once. Each re-renders the page, so more would only
        // make the test slow; the throttle does not depend on the number.
        const int imported = LeadEventNotifier.QueueCapacity;
        for (var i = 1; i <= imported; i++)
        {
            Notifier.Publish(new LeadEvent
            {
                Kind = LeadEventKind.Routed,
                LeadId = $"ld_import_{i}",
                At = _factory.Time.GetUtcNow(),
                Actor = "csv-import (ops)",
                Status = LeadStage.Assigned,
                OwnerId = repId,
                Contact = $"Person {i}",
                ImportId = "imp_test",
            });
        }

        cut.WaitForAssertion(() => Assert.Equal($"{imported} new", cut.Find("[data-testid=new-count]").TextContent.Trim()), TimeSpan.FromSeconds(120));
        Assert.Equal(["New lead: Person 1"], snackbar.ShownSnackbars.Select(s => s.Message));

        _factory.Time.Advance(Web.Components.Layout.LiveToastsThrottle.Interval);

        cut.WaitForAssertion(() => Assert.Equal(2, snackbar.ShownSnackbars.Count()));
        Assert.Equal($"New lead: Person 2 and {imported - 2:N0} more", snackbar.ShownSnackbars.Last().Message);
    }

    [Fact]
    public async Task Live_reloads_keep_coming_while_the_apps_clock_stands_still()
    {
        // The reload throttle paces on the wall clock: with the app's clock frozen (as here, and as a paused fake clock
        // would be), a second reload within the interval once waited forever and the page stopped following events.
        var first = await IngestAsync();
        SignInAs(first.OwnerId!);
        var cut = RenderPage<Inbox>();
        cut.WaitForAssertion(() => Assert.True(Notifier.SubscriberCount > 0));

        var shown = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            LeadEntity next;
            var attempts = 0;
            do
            {
                next = await IngestAsync(firstName: "Runde" + round);
            }
            while (next.OwnerId != first.OwnerId && ++attempts < 10);
            Assert.Equal(first.OwnerId, next.OwnerId);
            Notifier.Publish(new LeadEvent
            {
                Kind = LeadEventKind.Routed,
                LeadId = next.Id,
                At = _factory.Time.GetUtcNow(),
                Actor = "test",
                Status = LeadStage.Assigned,
                OwnerId = next.OwnerId,
                Company = next.Company,
            });
            cut.WaitForAssertion(() => Assert.NotNull(Card(cut, next.Id)));
            shown.Add(next.Id);
        }

        Assert.Equal(3, shown.Distinct().Count());
    }

    [Fact]
    public async Task An_event_about_another_reps_lead_changes_nothing()
    {
        // The lead's own Routed event reaches the page after commit, through the outbox; a page opened before it arrives
        // would rightly count it as new. Wait for it first, so only the other rep's event is left to be ignored.
        var ownEvents = new List<string>();
        LeadEntity mine;
        using (Notifier.Subscribe(e =>
        {
            lock (ownEvents)
            {
                ownEvents.Add(e.LeadId);
            }

            return Task.CompletedTask;
        }))
        {
            mine = await IngestAsync();
            var id = mine.Id;
            await Eventually.HoldsAsync(
                () =>
                {
                    lock (ownEvents)
                    {
                        return ownEvents.Contains(id);
                    }
                },
                "the lead's own event published");
        }

        SignInAs(mine.OwnerId!);
        var cut = RenderPage<Inbox>();
        cut.WaitForAssertion(() => Assert.True(Notifier.SubscriberCount > 0));

        Notifier.Publish(new LeadEvent
        {
            Kind = LeadEventKind.Routed,
            LeadId = "ld_other",
            At = _factory.Time.GetUtcNow(),
            Actor = "test",
            Status = LeadStage.Assigned,
            OwnerId = "someone-else",
        });

        Assert.Empty(cut.FindAll("[data-testid=new-count]"));
        Assert.NotNull(cut.Instance.Model);
        Assert.Equal(0, cut.Instance.Model!.NewSinceOpened);
    }

    [Fact]
    public async Task The_live_subscription_ends_with_the_component()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        var before = Notifier.SubscriberCount;

        RenderPage<Inbox>();
        Assert.Equal(before + 1, Notifier.SubscriberCount);

        await DisposeComponentsAsync();
        Assert.Equal(before, Notifier.SubscriberCount);
    }

    [Fact]
    public async Task A_script_tag_in_a_name_renders_as_text()
    {
        var mine = await IngestAsync(firstName: "<script>alert('x')</script>", company: "\"Quotes\" & 山田 <b>Co</b>");
        SignInAs(mine.OwnerId!);

        var cut = RenderPage<Inbox>();

        var card = Card(cut, mine.Id);
        Assert.Equal("<script>alert('x')</script> Beispiel", card.QuerySelector("[data-testid=contact]")!.TextContent);
        Assert.Equal("\"Quotes\" & 山田 <b>Co</b>", card.QuerySelector("[data-testid=company]")!.TextContent);
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(card.QuerySelectorAll("b"));
    }

    [Fact]
    public async Task Why_me_shows_the_decision_trace()
    {
        var mine = await IngestAsync();
        SignInAs(mine.OwnerId!);
        var cut = RenderPage<Inbox>();

        await cut.InvokeAsync(() => Card(cut, mine.Id).QuerySelector("[data-testid=why-me]")!.Click());

        cut.WaitForAssertion(() => Assert.NotEmpty(Card(cut, mine.Id).QuerySelectorAll("[data-testid=trace] [data-testid=trace-step]")));
    }
}
