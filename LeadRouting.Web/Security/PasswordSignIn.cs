using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace LeadRouting.Web.Security;

/// <summary>
/// Checks an email and password with the same work and the same answer whether the account exists, is locked or not.
/// Identity answers an unknown email or a locked account at once, without hashing the password; against the hundred
/// thousand PBKDF2 rounds of a real check that made existing accounts answer 15–128 times slower than unknown ones, so
/// the time alone told who has an account. Here every failed attempt verifies the password against a hash exactly once:
/// the account's own, or a dummy one of the same cost.
/// </summary>
public sealed class PasswordSignIn(SignInManager<LeadRoutingUser> signIn, IPasswordHasher<LeadRoutingUser> hasher)
{
    // A hash of a random password nobody knows, made once with the app's hasher, so verifying against it costs what
    // verifying a real account's password costs (the iteration count is part of the hash). Two first attempts racing
    // may both make one; either is as good.
    private static string? _dummyHash;

    /// <summary>True when the person is signed in (the cookie is written); false for any failure, whatever its reason.</summary>
    public async Task<bool> SignInAsync(string email, string password)
    {
        var users = signIn.UserManager;
        var user = await users.FindByNameAsync(email);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            var dummy = new LeadRoutingUser { DisplayName = "" };
            _dummyHash ??= hasher.HashPassword(dummy, RandomNumberGenerator.GetHexString(32));
            hasher.VerifyHashedPassword(dummy, _dummyHash, password);
            return false;
        }

        // Wrong passwords count towards the lockout.
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded;
    }
}
