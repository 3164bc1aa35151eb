namespace LeadRouting.Web.Routing;

/// <summary>Told after <see cref="RepAvailabilityService"/> stored a rep's new availability (e.g. booking hands over the meetings of a rep now out of office).</summary>
public interface IRepAvailabilityObserver
{
    Task AvailabilityChangedAsync(string repId, Availability availability, CancellationToken cancellationToken);
}
