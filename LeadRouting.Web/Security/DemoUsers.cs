using Microsoft.AspNetCore.Identity;

namespace LeadRouting.Web.Security;

/// <summary>A person of the demo organisation who can sign in.</summary>
public sealed record DemoUser(string Email, string DisplayName, string Role, string? RepId, string Description);

/// <summary>
/// The demo's sign-ins: one rep per demo team (linked to their rep record), the DACH manager and an Ops user. They are
/// created only together with the demo data. In Development they share <see cref="Password"/>, which is public (the login
/// page and the README print it); outside Development that password never signs in: the demo users share the operator's
/// <c>Demo:Password</c> or cannot sign in at all (<see cref="Demo.DemoSettings"/>). Outside demo mode there are no users
/// until Ops creates the first one (<see cref="OpsUserCommand"/>).
/// </summary>
public static class DemoUsers
{
    /// <summary>The published demo password: signs in only in Development.</summary>
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

    /// <summary>Why <paramref name="password"/> cannot be the demo users' password (the sign-in rules), or null when it can.</summary>
    public static async Task<string?> CheckPasswordAsync(IServiceProvider services, string password)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        var probe = new LeadRoutingUser { UserName = All[0].Email, Email = All[0].Email, DisplayName = All[0].DisplayName };
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, probe, password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }

        return errors.Count == 0 ? null : string.Join(" ", errors);
    }

    /// <summary>
    /// Creates the demo users; called once, when the demo data is seeded into an empty database. Without a
    /// <paramref name="password"/> they are created without one: they exist (linked to their rep records) but
    /// cannot sign in until a later start gives them one (<see cref="AlignPasswordsAsync"/>).
    /// </summary>
    public static async Task SeedAsync(IServiceProvider services, string? password, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        foreach (var demo in All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var user = new LeadRoutingUser { UserName = demo.Email, Email = demo.Email, EmailConfirmed = true, DisplayName = demo.DisplayName, RepId = demo.RepId };
            Check(password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password), demo);
            Check(await users.AddToRoleAsync(user, demo.Role), demo);
        }
    }

    /// <summary>
    /// At every later start: the demo users of this database sign in with <paramref name="password"/> (the current
    /// setting), or not at all when it is null. This is what keeps the published password out of a database first
    /// seeded in Development and then started in Production, and what lets an operator give (or change, or take away)
    /// the demo users' password with <c>Demo:Password</c>. A user whose password already matches is left alone, so a
    /// restart does not sign anybody out.
    /// </summary>
    /// <returns>How many demo users' passwords were changed or removed.</returns>
    public static async Task<int> AlignPasswordsAsync(IServiceProvider services, string? password, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        var changed = 0;
        foreach (var demo in All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await users.FindByEmailAsync(demo.Email) is not { } user)
            {
                continue;
            }

            var hasPassword = await users.HasPasswordAsync(user);
            if (password is null ? !hasPassword : hasPassword && await users.CheckPasswordAsync(user, password))
            {
                continue;
            }

            if (hasPassword)
            {
                Check(await users.RemovePasswordAsync(user), demo);
            }

            if (password is not null)
            {
                Check(await users.AddPasswordAsync(user, password), demo);
            }

            changed++;
        }

        return changed;
    }

    /// <summary>
    /// The demo users the login page may list: only when their password is the published one
    /// (<see cref="Demo.DemoSettings.ListsUsersOnLoginPage"/>: Development with demo data), and only those that exist in
    /// this database (a database first created without demo data has none).
    /// </summary>
    public static async Task<IReadOnlyList<DemoUser>> ListedAsync(Demo.DemoSettings demo, IDbContextFactory<LeadRoutingDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (!demo.ListsUsersOnLoginPage)
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
