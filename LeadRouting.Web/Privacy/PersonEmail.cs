namespace LeadRouting.Web.Privacy;

/// <summary>
/// The address a privacy request names, in the form leads store it (<see cref="EmailAddresses.Canonical"/>: trimmed, lower
/// case, the domain in ASCII), so "  Jane.Doe@Example.COM " finds the leads of jane.doe@example.com.
/// </summary>
public static class PersonEmail
{
    /// <summary>The canonical address, or null when <paramref name="email"/> is missing or not an address.</summary>
    public static string? Read(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : EmailAddresses.Canonical(email.Trim(), out _);

    /// <summary>Why <paramref name="email"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "An email is required.";
        }

        return EmailAddresses.Canonical(email.Trim(), out var problem) is null ? problem : null;
    }
}
