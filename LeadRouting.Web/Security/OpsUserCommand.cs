using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace LeadRouting.Web.Security;

/// <summary>
/// Outside demo mode nobody can sign in until Ops exists. <c>dotnet LeadRouting.Web.dll --create-ops-user ops@example.com
/// [--display-name "Ada Ops"]</c> migrates the database, creates that Ops user with a generated password, prints the
/// password once (to the console, never to the log) and exits without serving.
/// </summary>
public static class OpsUserCommand
{
    public const string Argument = "create-ops-user";
    public const string DisplayNameArgument = "display-name";

    /// <summary>Runs the command when its argument is present; true means it ran and the app should exit.</summary>
    public static async Task<bool> RunLeadRoutingCommandAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        if (app.Configuration[Argument] is not { } email)
        {
            return false;
        }

        var created = await CreateAsync(app.Services, email, app.Configuration[DisplayNameArgument], cancellationToken);
        if (created.Password is { } password)
        {
            Console.WriteLine($"Created Ops user {email.Trim()}. Password, shown only now: {password}");
        }
        else
        {
            await Console.Error.WriteLineAsync($"Could not create Ops user {email.Trim()}: {created.Error}");
            Environment.ExitCode = 1;
        }

        return true;
    }

    /// <summary>Creates an Ops user with a random password; the password in the answer is its only copy.</summary>
    public static async Task<(string? Password, string? Error)> CreateAsync(IServiceProvider services, string email, string? displayName, CancellationToken cancellationToken)
    {
        email = email.Trim();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return (null, "a user with this email exists.");
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        var name = string.IsNullOrWhiteSpace(displayName) ? email.Split('@')[0] : displayName.Trim();
        var user = new LeadRoutingUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, LeadRoutingRoles.Ops);
        }

        if (!result.Succeeded)
        {
            return (null, string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        var db = scope.ServiceProvider.GetRequiredService<LeadRoutingDbContext>();
        db.AuditEvents.Add(new AuditEventEntity
        {
            At = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
            Actor = "command line",
            Type = "UserCreated",
            Detail = $"{email} (Ops)",
        });
        await db.SaveChangesAsync(cancellationToken);
        return (password, null);
    }
}
