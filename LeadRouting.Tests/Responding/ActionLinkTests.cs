using System.Net;
using System.Text.RegularExpressions;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace LeadRouting.Tests.Responding;

/// <summary>
/// Issue 19 part 4: the signed Accept / Decline… links of the owner's email, over real HTTP against a real SQLite file.
/// A GET never changes anything; a POST acts once, for the rep and assignment the link was made for, through the
/// inbox's owner checks; every refusal is a page and leaves the lead as it was.
/// </summary>
public sealed partial class ActionLinkTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();
    private int _sequence;

    public ActionLinkTests() => _ = _factory.Server;

    public void Dispose() => _factory.Dispose();

    private ActionLinks Links => _factory.Services.GetRequiredService<ActionLinks>();

    private async Task<T> DbAsync<T>(Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private Task<LeadEntity> LeadAsync(string id) => DbAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == id));

    private async Task<LeadEntity> AssignedLeadAsync()
    {
        var n = Interlocked.Increment(ref _sequence);
        var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"jana.{n}@links-{n}.de",
            FirstName = "Jana",
            LastName = "Link",
            Company = $"Links {n} <GmbH>",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        var lead = await LeadAsync(result.LeadId!);
        Assert.Equal(LeadStage.Assigned, lead.Stage);
        return lead;
    }

    private static ActionLinkClaims ClaimsOf(LeadEntity lead, string? repId = null) =>
        new(lead.Id, repId ?? lead.OwnerId!, lead.AssignedAt!.Value, lead.EscalateAt!.Value);

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    private HttpClient Client() => _factory.CreateBrowserClient();

    private static FormUrlEncodedContent Reason(string reason) => new([new KeyValuePair<string, string>("reason", reason)]);

    [GeneratedRegex(@"http://localhost:5080(/respond/[^/\s]+/(accept|decline))")]
    private static partial Regex LinkPattern();

    [Fact]
    public async Task The_owners_email_carries_links_whose_GET_only_asks_and_whose_POST_accepts_the_lead()
    {
        var lead = await AssignedLeadAsync();
        var delivery = await _factory.WaitForDeliveryAsync(d => d.LeadId == lead.Id && d.Channel == "Email" && d.Status == DeliveryStatus.Delivered, "the owner's email");
        var message = await MimeMessage.LoadAsync(Path.Combine(_factory.DataDirectory, "mail", $"delivery-{delivery.Id}.eml"));
        var links = LinkPattern().Matches(message.TextBody ?? "").Select(m => (Path: m.Groups[1].Value, Action: m.Groups[2].Value)).ToList();
        Assert.Equal(["accept", "decline"], links.Select(l => l.Action));
        Assert.Contains(links[0].Path, message.HtmlBody, StringComparison.Ordinal);

        using var client = Client();
        var confirm = await client.GetAsync(links[0].Path);
        var page = await confirm.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("<form method=\"post\">", page, StringComparison.Ordinal);
        Assert.Contains("&lt;GmbH&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<GmbH>", page, StringComparison.Ordinal);
        Assert.Equal(LeadStage.Assigned, (await LeadAsync(lead.Id)).Stage);

        var accepted = await client.PostAsync(links[0].Path, null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var after = await LeadAsync(lead.Id);
        Assert.Equal((LeadStage.Accepted, lead.OwnerId, _factory.Time.GetUtcNow()), (after.Stage, after.OwnerId, after.AcceptedAt));
        var audit = await DbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.LeadId == lead.Id && e.Type == "Accepted"));
        Assert.EndsWith("(email link)", audit.Actor, StringComparison.Ordinal);

        // Same outbox message as an accept in the inbox: the live views hear of it.
        Assert.True(await DbAsync(db => db.Outbox.AnyAsync(m => m.Type == nameof(LeadEventKind.Accepted) && m.Payload.Contains(lead.Id))));
    }

    [Fact]
    public async Task A_replayed_link_is_refused_and_changes_nothing()
    {
        var lead = await AssignedLeadAsync();
        var claims = ClaimsOf(lead);
        using var client = Client();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(PathOf(Links.AcceptUrl("http://localhost", claims)), null)).StatusCode);
        var accepted = await LeadAsync(lead.Id);

        var replay = await client.PostAsync(PathOf(Links.AcceptUrl("http://localhost", claims)), null);

        // The DACH reps read German (their team calendar is Europe/Berlin).
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("Dieser Link wurde bereits verwendet", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The email's other link is the same assignment's: used too, even though the inbox would let the owner decline.
        var decline = await client.PostAsync(PathOf(Links.DeclineUrl("http://localhost", claims)), Reason("changed my mind"));
        Assert.Equal(HttpStatusCode.Conflict, decline.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync(PathOf(Links.DeclineUrl("http://localhost", claims)))).StatusCode);

        var after = await LeadAsync(lead.Id);
        Assert.Equal((accepted.Version, accepted.Stage, accepted.OwnerId), (after.Version, after.Stage, after.OwnerId));
        Assert.Equal(1, await DbAsync(db => db.ActionLinkUses.CountAsync(u => u.LeadId == lead.Id)));
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_changes_nothing()
    {
        var lead = await AssignedLeadAsync();
        var url = PathOf(Links.AcceptUrl("http://localhost", ClaimsOf(lead)));
        _factory.Time.SetUtcNow(lead.EscalateAt!.Value);
        using var client = Client();

        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync(url)).StatusCode);
        var refused = await client.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Contains("Dieser Link ist abgelaufen", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await LeadAsync(lead.Id);
        Assert.Equal((lead.Version, LeadStage.Assigned), (after.Version, after.Stage));
        Assert.False(await DbAsync(db => db.ActionLinkUses.AnyAsync(u => u.LeadId == lead.Id)));
    }

    [Fact]
    public async Task A_link_made_for_another_rep_is_refused_and_changes_nothing()
    {
        var lead = await AssignedLeadAsync();
        var other = lead.OwnerId == "dach-mid-1" ? "dach-mid-2" : "dach-mid-1";
        using var client = Client();

        var refused = await client.PostAsync(PathOf(Links.AcceptUrl("http://localhost", ClaimsOf(lead, other))), null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(PathOf(Links.DeclineUrl("http://localhost", ClaimsOf(lead, other))), Reason("not mine"))).StatusCode);
        var after = await LeadAsync(lead.Id);
        Assert.Equal((lead.Version, LeadStage.Assigned, lead.OwnerId), (after.Version, after.Stage, after.OwnerId));
    }

    [Fact]
    public async Task The_old_link_of_a_lead_reassigned_since_is_dead_even_if_it_comes_back_to_the_same_rep()
    {
        var lead = await AssignedLeadAsync();
        var oldLink = PathOf(Links.AcceptUrl("http://localhost", ClaimsOf(lead)));
        var actions = _factory.Services.GetRequiredService<LeadActionsService>();
        var manager = new LeadActor("Manager", null) { CanAssign = true };
        var other = lead.OwnerId == "dach-mid-1" ? "dach-mid-2" : "dach-mid-1";
        Assert.Equal(LeadActionOutcome.Done, (await actions.AssignAsync(lead.Id, manager, other, "cover", CancellationToken.None)).Outcome);
        _factory.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(LeadActionOutcome.Done, (await actions.AssignAsync(lead.Id, manager, lead.OwnerId!, "back", CancellationToken.None)).Outcome);
        var reassigned = await LeadAsync(lead.Id);
        Assert.Equal(lead.OwnerId, reassigned.OwnerId);

        using var client = Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(oldLink, null)).StatusCode);
        Assert.Equal(reassigned.Version, (await LeadAsync(lead.Id)).Version);

        // The new assignment's link works.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(PathOf(Links.AcceptUrl("http://localhost", ClaimsOf(reassigned))), null)).StatusCode);
        Assert.Equal(LeadStage.Accepted, (await LeadAsync(lead.Id)).Stage);
    }

    [Fact]
    public async Task A_tampered_link_is_refused_and_changes_nothing()
    {
        var lead = await AssignedLeadAsync();
        var url = PathOf(Links.AcceptUrl("http://localhost", ClaimsOf(lead)));
        var token = url.Split('/')[2];
        var tampered = url.Replace(token, token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..], StringComparison.Ordinal);
        using var client = Client();

        var refused = await client.PostAsync(tampered, null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("This link is not valid", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/respond/not-a-token/accept")).StatusCode);
        Assert.Equal(lead.Version, (await LeadAsync(lead.Id)).Version);
    }

    [Fact]
    public async Task Decline_asks_for_a_reason_then_routes_the_lead_to_someone_else()
    {
        var lead = await AssignedLeadAsync();
        var url = PathOf(Links.DeclineUrl("http://localhost", ClaimsOf(lead)));
        using var client = Client();

        var form = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"reason\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var empty = await client.PostAsync(url, Reason("   "));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("name=\"reason\"", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(lead.Version, (await LeadAsync(lead.Id)).Version);

        var declined = await client.PostAsync(url, Reason("on holiday from tomorrow"));
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var after = await LeadAsync(lead.Id);
        Assert.NotEqual(lead.OwnerId, after.OwnerId);
        Assert.Contains(lead.OwnerId!, after.PassedOnBy);
        var audit = await DbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.LeadId == lead.Id && e.Type == "Declined"));
        Assert.Contains("on holiday from tomorrow", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_German_reps_refusal_page_is_German()
    {
        var lead = await AssignedLeadAsync();
        _factory.Time.SetUtcNow(lead.EscalateAt!.Value.AddMinutes(1));
        using var client = Client();

        var page = await (await client.GetAsync(PathOf(Links.AcceptUrl("http://localhost", ClaimsOf(lead))))).Content.ReadAsStringAsync();

        // The DACH team's calendar runs in Europe/Berlin: its reps read German unless they chose otherwise.
        Assert.Contains("Dieser Link ist abgelaufen", page, StringComparison.Ordinal);
        Assert.Contains("lang=\"de\"", page, StringComparison.Ordinal);
    }
}
