using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Security;

/// <summary>
/// Every server action × every role, called on the services directly rather than through a page (DESIGN.md "Security":
/// a rep cannot accept another rep's lead, even by calling the handler). The people are the demo users as their real
/// sign-in sees them (the cookie's claims factory); a lead is given to the DACH rep Clara Fischer before each case.
/// </summary>
/// <remarks>
/// Only the owner accepts, declines and logs touches: a manager or Ops who wants a lead worked reassigns it
/// (<see cref="LeadActionsService.AssignAsync"/>), they do not act as the rep — the service's design, kept here.
/// </remarks>
public sealed class ActionAuthorizationTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private const string OwnerRepId = "dach-mid-1";
    private static int _sequence;

    public enum Actor
    {
        /// <summary>Clara Fischer, the lead's owner (DACH).</summary>
        Owner,

        /// <summary>Another DACH rep, signed in as the sign-in would sign them in (role Rep, their rep record).</summary>
        Teammate,

        /// <summary>Jack Thompson, a rep of the UK team.</summary>
        OtherTeamRep,
        Manager,
        Ops,
    }

    public enum OwnerAction
    {
        Accept,
        Decline,
        LogTouch,
    }

    private LeadActionsService Actions => factory.Services.GetRequiredService<LeadActionsService>();

    private async Task<SignedInUser> DemoUserAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        var claims = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<LeadRoutingUser>>();
        return SignedInUser.From(await claims.CreateAsync((await users.FindByEmailAsync(email))!))
            ?? throw new InvalidOperationException($"{email} signs in as nobody.");
    }

    private async Task<CompiledOrganisation> OrganisationAsync() =>
        (await factory.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None)).Engine.Organisation;

    /// <summary>An active DACH rep who is not Clara.</summary>
    private async Task<string> TeammateRepIdAsync()
    {
        var team = (await OrganisationAsync()).FindRep(new RepId(OwnerRepId))!.Team;
        return team.Members.First(r => r.Rep.Active && r.Id.Value != OwnerRepId).Id.Value;
    }

    private async Task<SignedInUser> UserAsync(Actor actor) => actor switch
    {
        Actor.Owner => await DemoUserAsync("dach-mid-1@leadrouting.demo"),
        Actor.Teammate => new SignedInUser("user-teammate", "DACH teammate", "teammate@leadrouting.demo", [LeadRoutingRoles.Rep], await TeammateRepIdAsync()),
        Actor.OtherTeamRep => await DemoUserAsync("uki-mid-1@leadrouting.demo"),
        Actor.Manager => await DemoUserAsync("katrin.vogel@leadrouting.demo"),
        Actor.Ops => await DemoUserAsync("nora.klein@leadrouting.demo"),
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, null),
    };

    /// <summary>A German demo request, routed as the API routes it, then given to Clara by her manager unless routing already did.</summary>
    private async Task<string> ClarasLeadAsync()
    {
        var n = Interlocked.Increment(ref _sequence);
        var result = await factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"buyer.{n}@actions-{n}.example",
            FirstName = "Action",
            LastName = $"Case {n}",
            Company = $"Actions {n} GmbH",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        Assert.Equal(IngestOutcome.Created, result.Outcome);
        var leadId = result.LeadId ?? throw new InvalidOperationException("A created lead has an id.");
        if ((await LeadAsync(leadId)).OwnerId != OwnerRepId)
        {
            var manager = await UserAsync(Actor.Manager);
            Assert.Equal(LeadActionOutcome.Done, (await Actions.AssignAsync(leadId, manager.Actor, OwnerRepId, "test setup", CancellationToken.None)).Outcome);
        }

        var lead = await LeadAsync(leadId);
        Assert.Equal((OwnerRepId, LeadStage.Assigned), (lead.OwnerId, lead.Stage));
        return lead.Id;
    }

    private async Task<LeadEntity> LeadAsync(string id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Leads.AsNoTracking().SingleAsync(l => l.Id == id);
    }

    private async Task<int> AuditCountAsync(string leadId)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.AuditEvents.CountAsync(e => e.LeadId == leadId);
    }

    private Task<LeadActionResult> RunAsync(OwnerAction action, string leadId, LeadActor actor) => action switch
    {
        OwnerAction.Accept => Actions.AcceptAsync(leadId, actor, CancellationToken.None),
        OwnerAction.Decline => Actions.DeclineAsync(leadId, actor, "Not my territory", CancellationToken.None),
        OwnerAction.LogTouch => Actions.LogTouchAsync(leadId, actor, TouchKind.Call, "Left a voicemail", CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static TheoryData<OwnerAction, Actor> OwnerActionsTimesActors()
    {
        var data = new TheoryData<OwnerAction, Actor>();
        foreach (var action in Enum.GetValues<OwnerAction>())
        {
            foreach (var actor in Enum.GetValues<Actor>())
            {
                data.Add(action, actor);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OwnerActionsTimesActors))]
    public async Task Only_the_owner_accepts_declines_or_logs_a_touch(OwnerAction action, Actor actor)
    {
        var leadId = await ClarasLeadAsync();
        var before = await LeadAsync(leadId);
        var audited = await AuditCountAsync(leadId);

        var result = await RunAsync(action, leadId, (await UserAsync(actor)).Actor);

        if (actor == Actor.Owner)
        {
            Assert.Equal(LeadActionOutcome.Done, result.Outcome);
            Assert.True(await AuditCountAsync(leadId) > audited);
            return;
        }

        Assert.Equal(LeadActionOutcome.Forbidden, result.Outcome);
        Assert.Equal("Only the lead's owner can do this.", result.Message);
        var after = await LeadAsync(leadId);
        Assert.Equal((before.OwnerId, before.Stage, before.AcceptedAt, before.FirstTouchAt), (after.OwnerId, after.Stage, after.AcceptedAt, after.FirstTouchAt));
        Assert.Equal(audited, await AuditCountAsync(leadId));
    }

    [Theory]
    [InlineData(Actor.Owner, false)]
    [InlineData(Actor.Teammate, false)]
    [InlineData(Actor.OtherTeamRep, false)]
    [InlineData(Actor.Manager, true)]
    [InlineData(Actor.Ops, true)]
    public async Task Only_managers_and_ops_assign(Actor actor, bool allowed)
    {
        var leadId = await ClarasLeadAsync();
        var teammate = await TeammateRepIdAsync();
        var audited = await AuditCountAsync(leadId);

        var result = await Actions.AssignAsync(leadId, (await UserAsync(actor)).Actor, teammate, "Rebalancing the load", CancellationToken.None);

        var after = await LeadAsync(leadId);
        if (allowed)
        {
            Assert.Equal(LeadActionOutcome.Done, result.Outcome);
            Assert.Equal(teammate, after.OwnerId);
            Assert.Equal(audited + 1, await AuditCountAsync(leadId));
        }
        else
        {
            Assert.Equal(LeadActionOutcome.Forbidden, result.Outcome);
            Assert.Equal("Only managers and Ops assign leads.", result.Message);
            Assert.Equal(OwnerRepId, after.OwnerId);
            Assert.Equal(audited, await AuditCountAsync(leadId));
        }
    }

    [Theory]
    [InlineData(Actor.Owner, "own lead", true)]
    [InlineData(Actor.Owner, "teammate's lead", true)]
    [InlineData(Actor.Owner, "other team's lead", false)]
    [InlineData(Actor.Teammate, "own lead", true)]
    [InlineData(Actor.OtherTeamRep, "own lead", false)]
    [InlineData(Actor.OtherTeamRep, "other team's lead", true)]
    [InlineData(Actor.Manager, "own lead", true)]
    [InlineData(Actor.Manager, "other team's lead", true)]
    [InlineData(Actor.Ops, "own lead", true)]
    [InlineData(Actor.Ops, "other team's lead", true)]
    public async Task A_rep_views_their_own_team_s_leads_managers_and_ops_every_lead(Actor actor, string lead, bool canView)
    {
        // "own lead" is Clara's (DACH); "teammate's lead" another DACH rep's; "other team's lead" a UK rep's.
        var organisation = await OrganisationAsync();
        var (ownerId, teamId) = lead switch
        {
            "own lead" => (OwnerRepId, organisation.FindRep(new RepId(OwnerRepId))!.Team.Team.Id.Value),
            "teammate's lead" => (await TeammateRepIdAsync(), organisation.FindRep(new RepId(OwnerRepId))!.Team.Team.Id.Value),
            _ => ("uki-mid-1", organisation.FindRep(new RepId("uki-mid-1"))!.Team.Team.Id.Value),
        };

        Assert.Equal(canView, LeadAccess.CanView(await UserAsync(actor), ownerId, teamId, organisation));
    }

    [Fact]
    public async Task Nobody_without_a_role_or_a_rep_record_views_a_lead()
    {
        var organisation = await OrganisationAsync();
        var teamId = organisation.FindRep(new RepId(OwnerRepId))!.Team.Team.Id.Value;

        Assert.False(LeadAccess.CanView(new SignedInUser("u1", "No role", "none@example.com", [], OwnerRepId), OwnerRepId, teamId, organisation));
        Assert.False(LeadAccess.CanView(new SignedInUser("u2", "Rep without record", "rep@example.com", [LeadRoutingRoles.Rep], null), OwnerRepId, teamId, organisation));
        Assert.False(LeadAccess.CanView(new SignedInUser("u3", "Queue viewer", "rep@example.com", [LeadRoutingRoles.Rep], OwnerRepId), null, null, organisation));
    }

    [Theory]
    [InlineData(Actor.Owner, false)]
    [InlineData(Actor.OtherTeamRep, false)]
    [InlineData(Actor.Manager, false)]
    [InlineData(Actor.Ops, true)]
    public async Task Only_ops_create_api_keys(Actor actor, bool allowed)
    {
        var keys = factory.Services.GetRequiredService<ApiKeyService>();
        var user = await UserAsync(actor);
        var name = $"key by {actor}";

        if (allowed)
        {
            var issued = await keys.CreateAsync(user, name, [ApiScopes.Read], CancellationToken.None);
            Assert.NotNull(await keys.VerifyAsync(issued.Key, CancellationToken.None));
            await using var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
            Assert.Equal(user.DisplayName, (await db.AuditEvents.SingleAsync(e => e.Type == "ApiKeyCreated" && e.Detail.StartsWith(name))).Actor);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => keys.CreateAsync(user, name, [ApiScopes.Read], CancellationToken.None));
            Assert.StartsWith("Only Ops create API keys", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(await keys.ListAsync(CancellationToken.None), k => k.Name == name);
        }
    }

    [Theory]
    [InlineData(Actor.Owner, false)]
    [InlineData(Actor.OtherTeamRep, false)]
    [InlineData(Actor.Manager, false)]
    [InlineData(Actor.Ops, true)]
    public async Task Only_ops_revoke_api_keys(Actor actor, bool allowed)
    {
        var keys = factory.Services.GetRequiredService<ApiKeyService>();
        var issued = await keys.CreateForSystemAsync($"to revoke by {actor}", [ApiScopes.Ingest], CancellationToken.None);
        var user = await UserAsync(actor);

        if (allowed)
        {
            Assert.True(await keys.RevokeAsync(issued.Id, user, CancellationToken.None));
            Assert.Null(await keys.VerifyAsync(issued.Key, CancellationToken.None));
        }
        else
        {
            var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => keys.RevokeAsync(issued.Id, user, CancellationToken.None));
            Assert.StartsWith("Only Ops revoke API keys", refused.Message, StringComparison.Ordinal);
            Assert.NotNull(await keys.VerifyAsync(issued.Key, CancellationToken.None));
        }
    }
}
