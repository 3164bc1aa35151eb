using LeadRouting.Core.Routing;

namespace LeadRouting.Core.Configuration;

/// <summary>
/// The built-in demo: the default policy with the demo organisation, a few named accounts and customers, and
/// reps whose availability shows every exclusion the trace can name.
/// </summary>
public static class DemoRoster
{
    public static RoutingConfiguration Configuration() => ConfigurationLoader.LoadDemo();

    /// <summary>A fresh demo state relative to <paramref name="now"/> (out-of-office dates lie a few days ahead).</summary>
    public static InMemoryRoutingState State(DateTimeOffset now)
    {
        var state = new InMemoryRoutingState();
        foreach (var account in Accounts)
        {
            state.AddAccount(account);
        }

        state.SetRepStatus(new RepId("dach-jr-1"), new RepStatus(Availability.OutOfOffice, DaysAhead(now, 3), 4));
        state.SetRepStatus(new RepId("dach-mid-1"), new RepStatus(Availability.Available, null, 20));
        state.SetRepStatus(new RepId("dach-mid-2"), new RepStatus(Availability.Available, null, 7));
        state.SetRepStatus(new RepId("uki-jr-2"), new RepStatus(Availability.Away, null, 3));
        state.SetRepStatus(new RepId("uki-mid-1"), new RepStatus(Availability.Available, null, 12));
        state.SetRepStatus(new RepId("uki-mid-2"), new RepStatus(Availability.Available, null, 9));
        state.SetRepStatus(new RepId("na-mid-1"), new RepStatus(Availability.Available, null, 5));
        state.SetRepStatus(new RepId("na-mid-2"), new RepStatus(Availability.Available, null, 11));
        state.SetRepStatus(new RepId("na-sr-1"), new RepStatus(Availability.OutOfOffice, DaysAhead(now, 5), 6));
        return state;
    }

    /// <summary>Midnight UTC a few days ahead, so the demo does not depend on the server's time zone.</summary>
    private static DateTimeOffset DaysAhead(DateTimeOffset now, int days) =>
        new(now.UtcDateTime.Date.AddDays(days), TimeSpan.Zero);

    public static IReadOnlyList<AccountRecord> Accounts { get; } =
    [
        new() { Domain = "contoso.de", Name = "Contoso GmbH", OwnerId = new RepId("dach-ad-1"), IsNamedAccount = true },
        new() { Domain = "fabrikam.com", Name = "Fabrikam AG", OwnerId = new RepId("dach-mid-2"), IsCustomer = true },
        new() { Domain = "northwind.co.uk", Name = "Northwind Traders", OwnerId = new RepId("uki-ad-1"), IsNamedAccount = true },
        new() { Domain = "globex.com", Name = "Globex Corporation", OwnerId = new RepId("na-ad-1"), IsNamedAccount = true },
        new() { Domain = "initech.com", Name = "Initech", OwnerId = new RepId("na-sr-1"), IsNamedAccount = true },
        new() { Domain = "tailspin.io", Name = "Tailspin Toys", IsCustomer = false },
    ];
}
