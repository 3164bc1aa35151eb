namespace LeadRouting.Web.Security;

/// <summary>
/// Who may see a lead (DESIGN.md "Security": a rep cannot read other teams' leads): managers and Ops see every lead, a
/// rep the leads they own and the leads of their own team. Checked on the server wherever a lead is shown.
/// </summary>
public static class LeadAccess
{
    public static bool CanView(SignedInUser user, string? ownerId, string? teamId, CompiledOrganisation organisation)
    {
        if (user.Roles.Contains(LeadRoutingRoles.Manager) || user.Roles.Contains(LeadRoutingRoles.Ops))
        {
            return true;
        }

        if (!user.Roles.Contains(LeadRoutingRoles.Rep) || user.RepId is not { } repId)
        {
            return false;
        }

        return ownerId == repId
            || (teamId is not null && organisation.FindRep(new RepId(repId))?.Team.Team.Id.Value == teamId);
    }
}
