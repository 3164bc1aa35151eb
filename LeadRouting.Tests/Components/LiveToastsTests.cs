using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using LeadRouting.Core.Leads;
using LeadRouting.Web.Components.Layout;
using LeadRouting.Web.Live;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace LeadRouting.Tests.Components;

/// <summary>
/// The layout's live toasts over the real <see cref="LeadEventNotifier"/>: events are published as the outbox
/// dispatcher publishes them, the toasts are read from MudBlazor's snackbar provider. The notifier hands one
/// subscriber its events in order, so once a later event's toast shows, every earlier event has been handled.
/// </summary>
public sealed class LiveToastsTests : ComponentTestContext
{
    private const string MyRep = "dach-mid-1";
    private readonly LeadEventNotifier _notifier = new(NullLogger<LeadEventNotifier>.Instance);
    private IRenderedComponent<MudSnackbarProvider>? _toasts;

    public LiveToastsTests()
    {
        Services.AddSingleton(_notifier);
        Services.AddScoped<ICurrentUser, CurrentUser>();
    }

    private void SignIn(string role, string policy, string? repId = null)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized($"{role.ToLowerInvariant()}@leadrouting.demo");
        authorization.SetRoles(role);
        authorization.SetPolicies(policy);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "user-" + role), new(LeadRoutingClaims.DisplayName, role + " person") };
        if (repId is not null)
        {
            claims.Add(new Claim(LeadRoutingClaims.RepId, repId));
        }

        authorization.SetClaims([.. claims]);
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    private void SignInAsRep() => SignIn(LeadRoutingRoles.Rep, LeadRoutingPolicies.Rep, MyRep);

    /// <summary>The layout's pair: the snackbar provider that shows toasts, and the component that raises them.</summary>
    private IRenderedComponent<LiveToasts> RenderToasts()
    {
        // Toasts stay until the test has looked at them, however slow the machine.
        Services.GetRequiredService<ISnackbar>().Configuration.VisibleStateDuration = int.MaxValue;
        _toasts = Render<MudSnackbarProvider>();
        var cut = Render<LiveToasts>();
        cut.WaitForAssertion(() => Assert.Equal(1, _notifier.SubscriberCount));
        return cut;
    }

    private IRenderedComponent<MudSnackbarProvider> Provider => _toasts ?? throw new InvalidOperationException("Render the toasts first.");

    private IReadOnlyList<IElement> Toasts() => [.. Provider.FindAll("[data-testid=live-toast]")];

    private static LeadEvent Event(LeadEventKind kind, string leadId, string? owner, LeadStage status = LeadStage.Assigned, string? previousOwner = null,
        string contact = "Anna Beispiel", string company = "Brightlabs GmbH") => new()
        {
            Kind = kind,
            LeadId = leadId,
            At = Now,
            Actor = "test",
            Status = status,
            OwnerId = owner,
            OwnerName = owner is null ? null : "Rep " + owner,
            PreviousOwnerId = previousOwner,
            Contact = contact,
            Company = company,
        };

    [Fact]
    public void A_lead_routed_to_me_shows_a_toast_naming_it_and_linking_to_its_page()
    {
        SignInAsRep();
        RenderToasts();

        _notifier.Publish(Event(LeadEventKind.Routed, "ld_mine", MyRep));

        Provider.WaitForAssertion(() => Assert.Single(Toasts()));
        var toast = Toasts()[0];
        Assert.Equal("New lead for you", toast.QuerySelector("[data-testid=live-toast-what]")!.TextContent);
        var link = toast.QuerySelector("a[data-testid=live-toast-lead]")!;
        Assert.Equal("Anna Beispiel · Brightlabs GmbH", link.TextContent);
        Assert.Equal("/leads/ld_mine", link.GetAttribute("href"));
    }

    [Fact]
    public void An_event_for_another_rep_shows_no_toast()
    {
        SignInAsRep();
        RenderToasts();

        _notifier.Publish(Event(LeadEventKind.Routed, "ld_theirs", "uki-mid-1"));
        _notifier.Publish(Event(LeadEventKind.Accepted, "ld_theirs", "uki-mid-1"));
        _notifier.Publish(Event(LeadEventKind.Routed, "ld_mine", MyRep));

        Provider.WaitForAssertion(() => Assert.Equal(["ld_mine"], Toasts().Select(t => t.GetAttribute("data-lead-id"))));
    }

    [Fact]
    public void A_lead_taken_from_me_or_escalated_is_toasted_as_a_warning()
    {
        SignInAsRep();
        RenderToasts();

        _notifier.Publish(Event(LeadEventKind.Reassigned, "ld_taken", "dach-mid-2", previousOwner: MyRep));

        Provider.WaitForAssertion(() => Assert.Single(Toasts()));
        Assert.Equal("Lead taken from you (now Rep dach-mid-2)", Toasts()[0].QuerySelector("[data-testid=live-toast-what]")!.TextContent);
        Assert.Contains("warning", Provider.Find(".mud-snackbar").ClassName, StringComparison.Ordinal);

        Time.Advance(LiveToastsThrottle.Interval);
        _notifier.Publish(Event(LeadEventKind.Escalated, "ld_late", MyRep, LeadStage.Accepted));

        Provider.WaitForAssertion(() => Assert.Equal(2, Toasts().Count));
        Assert.Equal("Your lead was escalated to your manager", Toasts()[1].QuerySelector("[data-testid=live-toast-what]")!.TextContent);
    }

    [Fact]
    public void My_own_decline_is_not_news_to_me()
    {
        SignInAsRep();
        RenderToasts();

        _notifier.Publish(Event(LeadEventKind.Declined, "ld_declined", MyRep));
        _notifier.Publish(Event(LeadEventKind.Rerouted, "ld_declined", "dach-mid-2", previousOwner: MyRep));
        _notifier.Publish(Event(LeadEventKind.Routed, "ld_next", MyRep));

        Provider.WaitForAssertion(() => Assert.Equal(["ld_next"], Toasts().Select(t => t.GetAttribute("data-lead-id"))));
    }

    [Fact]
    public void Lead_names_with_markup_quotes_and_non_latin_text_render_as_text()
    {
        SignInAsRep();
        RenderToasts();

        _notifier.Publish(Event(LeadEventKind.Routed, "ld_<x>\"", MyRep, contact: "<script>alert('x')</script> Beispiel", company: "\"Quotes\" & 山田 <b>Co</b>"));

        Provider.WaitForAssertion(() => Assert.Single(Toasts()));
        var link = Toasts()[0].QuerySelector("a[data-testid=live-toast-lead]")!;
        Assert.Equal("<script>alert('x')</script> Beispiel · \"Quotes\" & 山田 <b>Co</b>", link.TextContent);
        Assert.Equal("/leads/ld_%3Cx%3E%22", link.GetAttribute("href"));
        Assert.Empty(Provider.FindAll("script"));
        Assert.Empty(link.QuerySelectorAll("b"));
    }

    [Fact]
    public void A_burst_shows_one_toast_at_once_and_summarises_the_rest_a_second_later()
    {
        SignInAsRep();
        var cut = RenderToasts();

        foreach (var id in new[] { "ld_1", "ld_2", "ld_3", "ld_4" })
        {
            _notifier.Publish(Event(LeadEventKind.Routed, id, MyRep, contact: "Person " + id));
        }

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=live-toasts]").GetAttribute("data-waiting")));
        Assert.Equal(["ld_1"], Toasts().Select(t => t.GetAttribute("data-lead-id")));

        Time.Advance(LiveToastsThrottle.Interval);

        Provider.WaitForAssertion(() => Assert.Equal(2, Toasts().Count));
        var summary = Toasts()[1];
        Assert.Equal("ld_2", summary.GetAttribute("data-lead-id"));
        Assert.Equal("and 2 more", summary.QuerySelector("[data-testid=live-toast-more]")!.TextContent.Trim());
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=live-toasts]").GetAttribute("data-waiting")));
    }

    [Fact]
    public void Five_thousand_imported_leads_landing_in_the_unassigned_queue_show_a_manager_one_toast_and_one_summary()
    {
        using var english = CultureScope.Of("en-GB");
        SignIn(LeadRoutingRoles.Manager, LeadRoutingPolicies.Manager);
        var cut = RenderToasts();

        // What a CSV import of 5,000 rows that all go Unassigned publishes, at the pace the dispatcher plans the outbox
        // (a live subscriber more than LeadEventNotifier.QueueCapacity events behind loses the oldest).
        for (var i = 1; i <= 5_000; i++)
        {
            _notifier.Publish(Event(LeadEventKind.Routed, $"ld_import_{i}", owner: null, LeadStage.Unassigned, contact: $"Person {i}") with { ImportId = "imp_test" });
            if (i % 500 == 0)
            {
                var waiting = (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                cut.WaitForAssertion(() => Assert.Equal(waiting, cut.Find("[data-testid=live-toasts]").GetAttribute("data-waiting")), TimeSpan.FromSeconds(60));
            }
        }

        Assert.Equal(["ld_import_1"], Toasts().Select(t => t.GetAttribute("data-lead-id")));

        Time.Advance(LiveToastsThrottle.Interval);

        Provider.WaitForAssertion(() => Assert.Equal(2, Toasts().Count));
        Assert.Equal("and 4,998 more", Toasts()[1].QuerySelector("[data-testid=live-toast-more]")!.TextContent.Trim());
    }

    [Fact]
    public void An_import_digest_is_toasted_to_its_rep_with_a_link_to_the_inbox_and_to_managers_with_a_link_to_the_queues()
    {
        SignIn(LeadRoutingRoles.Rep, LeadRoutingPolicies.Rep, MyRep);
        RenderToasts();
        var digest = new ImportDigest
        {
            Audience = ImportDigestAudience.Rep, Recipient = "dach-mid-1@leadrouting.demo", Rows = 40, Created = 40, Merged = 0, Replayed = 0, Rejected = 0,
            Outcomes = new Dictionary<string, int> { ["Assigned"] = 12 }, LeadCount = 12,
        };

        _notifier.Publish(Event(LeadEventKind.ImportDigest, "imp_1", "uki-mid-1") with { Digest = digest with { Recipient = "uki-mid-1@leadrouting.demo" } });
        _notifier.Publish(Event(LeadEventKind.ImportDigest, "imp_1", MyRep) with { Digest = digest });

        Provider.WaitForAssertion(() => Assert.Single(Toasts()));
        Assert.Equal("Import: 12 new leads for you", Toasts()[0].QuerySelector("[data-testid=live-toast-what]")!.TextContent);
        Assert.Equal("/inbox", Toasts()[0].QuerySelector("a[data-testid=live-toast-lead]")!.GetAttribute("href"));

        var manager = Feed(new SignedInUser("m", "Manager", "katrin.vogel@leadrouting.demo", [LeadRoutingRoles.Manager], null));
        var toast = manager.For(Event(LeadEventKind.ImportDigest, "imp_1", null, LeadStage.Unassigned) with
        {
            Digest = digest with { Audience = ImportDigestAudience.Manager, Recipient = "katrin.vogel@leadrouting.demo", RecipientName = "Katrin Vogel", NeedsAction = 200 },
        }, onInbox: false);
        Assert.Equal(("Import: 200 leads need action (Katrin Vogel)", "/board", true), (toast!.What, toast.Href, toast.Warning));
    }

    private LiveToastsFeed Feed(SignedInUser user) =>
        new(user, Services.GetRequiredService<IStringLocalizer<LiveToastsFeed>>(), Services.GetRequiredService<PersonFormat>());

    [Fact]
    public void Toasts_speak_German_to_a_German_rep_with_times_in_their_zone()
    {
        using var german = CultureScope.Of("de-DE");
        SignInAsRep();
        var cut = RenderToasts();

        _notifier.Publish(Event(LeadEventKind.Routed, "ld_new", MyRep) with { RespondBy = Now.AddMinutes(15) });
        _notifier.Publish(Event(LeadEventKind.Reassigned, "ld_taken", "dach-mid-2", previousOwner: MyRep));
        _notifier.Publish(Event(LeadEventKind.Escalated, "ld_escalated", MyRep));

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=live-toasts]").GetAttribute("data-waiting")));
        var first = Assert.Single(Toasts());
        Assert.Equal("Neuer Lead für Sie", first.QuerySelector("[data-testid=live-toast-what]")!.TextContent);
        // 15:15 UTC on the fake clock's day is 16:15 in Berlin, the rep's (fallback) zone.
        Assert.Equal("· reagieren bis heute, 16:15", first.QuerySelector("[data-testid=live-toast-due]")!.TextContent.Trim());

        Time.Advance(LiveToastsThrottle.Interval);

        Provider.WaitForAssertion(() => Assert.Equal(2, Toasts().Count));
        Assert.Equal("Lead Ihnen entzogen (jetzt Rep dach-mid-2)", Toasts()[1].QuerySelector("[data-testid=live-toast-what]")!.TextContent);
        Assert.Equal("und 1 weitere", Toasts()[1].QuerySelector("[data-testid=live-toast-more]")!.TextContent.Trim());

        var manager = Feed(new SignedInUser("m", "Manager", "katrin.vogel@leadrouting.demo", [LeadRoutingRoles.Manager], null));
        var digest = manager.For(Event(LeadEventKind.ImportDigest, "imp_1", null, LeadStage.Unassigned) with
        {
            Digest = new ImportDigest
            {
                Audience = ImportDigestAudience.Manager, Recipient = "katrin.vogel@leadrouting.demo", RecipientName = "Katrin Vogel", Rows = 2000, Created = 2000,
                Merged = 0, Replayed = 0, Rejected = 0, Outcomes = new Dictionary<string, int>(), NeedsAction = 1500,
            },
        }, onInbox: false);
        Assert.Equal(("Import: 1.500 Leads erfordern Handeln (Katrin Vogel)", "Warteschlangen öffnen"), (digest!.What, digest.Lead));
    }

    [Fact]
    public void On_the_inbox_a_new_lead_is_left_to_the_inbox_own_toast_but_a_lead_taken_away_is_toasted()
    {
        SignInAsRep();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/inbox");
        RenderToasts();

        _notifier.Publish(Event(LeadEventKind.Routed, "ld_new", MyRep));
        _notifier.Publish(Event(LeadEventKind.Reassigned, "ld_taken", "dach-mid-2", previousOwner: MyRep));

        Provider.WaitForAssertion(() => Assert.Equal(["ld_taken"], Toasts().Select(t => t.GetAttribute("data-lead-id"))));
    }

    [Theory]
    [InlineData(LeadRoutingRoles.Manager, LeadRoutingPolicies.Manager)]
    [InlineData(LeadRoutingRoles.Ops, LeadRoutingPolicies.Ops)]
    public void A_manager_or_ops_hears_of_escalations_and_queued_leads_but_not_of_ordinary_routing(string role, string policy)
    {
        SignIn(role, policy);
        var cut = RenderToasts();

        _notifier.Publish(Event(LeadEventKind.Routed, "ld_routed", MyRep));
        _notifier.Publish(Event(LeadEventKind.ManagerNotice, "ld_unassigned", null, LeadStage.Unassigned));
        _notifier.Publish(Event(LeadEventKind.Escalated, "ld_escalated", MyRep, LeadStage.Accepted));
        _notifier.Publish(Event(LeadEventKind.Routed, "ld_unassigned", null, LeadStage.Unassigned));
        _notifier.Publish(Event(LeadEventKind.Routed, "ld_review", null, LeadStage.ManualReview));

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=live-toasts]").GetAttribute("data-waiting")));
        Time.Advance(LiveToastsThrottle.Interval);

        Provider.WaitForAssertion(() => Assert.Equal(2, Toasts().Count));
        Assert.Equal("Lead escalated", Toasts()[0].QuerySelector("[data-testid=live-toast-what]")!.TextContent);
        Assert.Equal("ld_unassigned", Toasts()[1].GetAttribute("data-lead-id"));
        Assert.Equal("Lead unassigned", Toasts()[1].QuerySelector("[data-testid=live-toast-what]")!.TextContent);
        Assert.Equal("and 1 more", Toasts()[1].QuerySelector("[data-testid=live-toast-more]")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_subscription_ends_with_the_component()
    {
        SignInAsRep();
        RenderToasts();
        Assert.Equal(1, _notifier.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, _notifier.SubscriberCount);
    }

    [Fact]
    public void Nobody_signed_in_listens_to_nothing()
    {
        AddAuthorization().SetNotAuthorized();
        Services.GetRequiredService<ISnackbar>().Configuration.VisibleStateDuration = int.MaxValue;

        Render<LiveToasts>();

        Assert.Equal(0, _notifier.SubscriberCount);
    }
}
