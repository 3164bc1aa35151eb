namespace LeadRouting.Web.Security;

/// <summary>The roles of DESIGN.md "Who uses it".</summary>
public static class LeadRoutingRoles
{
    public const string Rep = "Rep";
    public const string Manager = "Manager";
    public const string Ops = "Ops";

    public static IReadOnlyList<string> All { get; } = [Rep, Manager, Ops];
}

/// <summary>Authorization policies for people (registered in <see cref="SignInServiceCollectionExtensions"/>).</summary>
public static class LeadRoutingPolicies
{
    /// <summary>A rep linked to a rep record: the one who works an inbox.</summary>
    public const string Rep = "Rep";

    /// <summary>Managers and Ops: oversight and the rules.</summary>
    public const string Manager = "Manager";

    /// <summary>Ops only: settings, users, keys.</summary>
    public const string Ops = "Ops";

    /// <summary>The live hub: a signed-in person, or an API key with the <c>read</c> scope.</summary>
    public const string HubClient = "HubClient";
}

/// <summary>Claims the sign-in adds besides the name, id and roles.</summary>
public static class LeadRoutingClaims
{
    public const string DisplayName = "display_name";
    public const string RepId = "rep_id";

    /// <summary>The person's chosen culture (<see cref="LeadRoutingUser.Culture"/>), when they chose one.</summary>
    public const string Culture = "culture";

    /// <summary>The person's chosen time zone (<see cref="LeadRoutingUser.TimeZone"/>), when they chose one.</summary>
    public const string TimeZone = "time_zone";
}
