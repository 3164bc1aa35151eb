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
        Assert.Equal("DemoRequest", card.QuerySelector("[data-testid=source]")!.TextContent);
        Assert.Equal("Assigned", card.QuerySelector("[data-testid=stage]")!.TextContent);
        Assert.Contains("due", card.QuerySelector("[data-testid=next-step]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("15m 00s left to respond", card.QuerySelector("[data-testid=countdown]")!.TextContent.Trim());
        Assert.Empty(cut.FindAll($"[data-lead-id='{theirs.Id}']"));
        Assert.Equal("1", cut.Find("[data-testid=assigned-today]").TextContent);
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
        Assert.NotNull(Card(cut, won.Id).QuerySelector("[data-testid=qualify]"));
        await cut.InvokeAsync(() => Card(cut, won.Id).QuerySelector("[data-testid=convert]")!.Click());
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
    public async Task A_thousand_imported_leads_for_me_count_in_the_badge_but_show_one_toast_and_one_summary()
    {
        var first = await IngestAsync();
        SignInAs(first.OwnerId!);
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
                OwnerId = first.OwnerId,
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
