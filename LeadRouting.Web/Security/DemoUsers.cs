using LeadRouting.Core.Configuration;
using LeadRouting.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Web.Security;

/// <summary>A person of the demo organisation who can sign in.</summary>
public sealed record DemoUser(string Email, string DisplayName, string Role, string? RepId, string Description);

/// <summary>
/// The demo's sign-ins: one rep per demo team (linked to their rep record), the DACH manager and an Ops user. They are
/// created only together with the demo data, and they share <see cref="Password"/>, which is public (it is printed on
/// the login page and in the README) and therefore exists only in demo mode. Outside demo mode there are no users until
/// Ops creates the first one (<see cref="OpsUserCommand"/>).
/// </summary>
public static class DemoUsers
{
    public const string Password = "demo-only-password";

    /// <summary>The mid-level AE of each demo team, whose inboxes see the most traffic.</summary>
    private static readonly string[] RepIds = ["dach-mid-1", "uki-mid-1", "na-mid-1", "inbound-mid-1"];

    public static IReadOnlyList<DemoUser> All { get; } = Build(DemoRoster.Configuration().Organisation);

    private static List<DemoUser> Build(Organisation organisation)
    {
        var users = new List<DemoUser>();
        foreach (var rep in RepIds.Select(id => organisation.Reps.Single(r => r.Id.Value == id)))
        {
            var team = organisation.Teams.Single(t => t.Id == rep.Team);
            users.Add(new DemoUser(rep.Email!, rep.Name, LeadRoutingRoles.Rep, rep.Id.Value, $"Mid-level AE, {team.Name}"));
        }

        var dach = organisation.Teams.Single(t => t.Id.Value == "dach");
        users.Add(new DemoUser(dach.ManagerEmail!, dach.ManagerName!, LeadRoutingRoles.Manager, null, $"Manager, {dach.Name}"));
        users.Add(new DemoUser("nora.klein@leadrouting.demo", "Nora Klein", LeadRoutingRoles.Ops, null, "RevOps"));
        return users;
    }

    /// <summary>Creates the demo users; called once, when the demo data is seeded into an empty database.</summary>
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        foreach (var demo in All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var user = new LeadRoutingUser { UserName = demo.Email, Email = demo.Email, EmailConfirmed = true, DisplayName = demo.DisplayName, RepId = demo.RepId };
            Check(await users.CreateAsync(user, Password), demo);
            Check(await users.AddToRoleAsync(user, demo.Role), demo);
        }
    }

    /// <summary>
    /// The demo users the login page may list: only when the app runs with demo data, and only those that exist in
    /// this database (a database first created without demo data has none).
    /// </summary>
    public static async Task<IReadOnlyList<DemoUser>> ListedAsync(IConfiguration configuration, IDbContextFactory<LeadRoutingDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Demo:Enabled", false))
        {
            return [];
        }

        var normalized = All.Select(u => u.Email.ToUpperInvariant()).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail != null && normalized.Contains(u.NormalizedEmail))
            .Select(u => u.NormalizedEmail!)
            .ToListAsync(cancellationToken);
        return [.. All.Where(u => existing.Contains(u.Email.ToUpperInvariant()))];
    }

    private static void Check(IdentityResult result, DemoUser user)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {user.Email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
