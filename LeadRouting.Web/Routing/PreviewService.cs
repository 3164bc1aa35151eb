using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Web.Routing;

/// <summary>
/// Routes leads against the demo roster without storing them: the routing playground and
/// <c>POST /api/routing/preview</c> both go through here. A preview never applies its decision, so round-robin
/// pointers, rep loads and account owners stay exactly as they were, however often it is called.
/// </summary>
public sealed class PreviewService
{
    // InMemoryRoutingState is not thread-safe and this service is shared by every circuit and request.
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly InMemoryRoutingState _state;

    public PreviewService(TimeProvider time)
    {
        _time = time;
        Engine = new RoutingEngine(DemoRoster.Configuration(), time);
        _state = DemoRoster.State(time.GetUtcNow());
    }

    public RoutingEngine Engine { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Validates and routes a submission at <paramref name="at"/> (default: now).</summary>
    public PreviewResult Preview(LeadSubmission submission, DateTimeOffset? at = null) =>
        Preview(submission, new FieldErrors(), at);

    /// <summary>
    /// Validates and routes a submission. <paramref name="errors"/> may already hold what reading it found (bad JSON
    /// types, unknown enum values); validation adds every other problem, so one response names all of them.
    /// </summary>
    public PreviewResult Preview(LeadSubmission submission, FieldErrors errors, DateTimeOffset? at = null)
    {
        var now = at ?? _time.GetUtcNow();
        LeadValidator.ValidateAfterReading(submission, now, errors);
        if (!errors.IsEmpty)
        {
            return new PreviewResult { RoutedAt = now, Errors = errors.ToDictionary().AsReadOnly() };
        }

        var lead = Engine.Normalizer.Normalize(submission, now);
        RoutingDecision decision;
        lock (_gate)
        {
            decision = Engine.Route(lead, _state, now);
        }

        return new PreviewResult { RoutedAt = now, Lead = lead, Decision = decision };
    }

    /// <summary>A copy of the round-robin pointers, to show that previews leave them alone.</summary>
    public IReadOnlyDictionary<string, long> RoundRobinSnapshot()
    {
        lock (_gate)
        {
            return _state.RoundRobinSnapshot();
        }
    }

    /// <summary>Availability and load of every rep in the roster.</summary>
    public IReadOnlyDictionary<RepId, RepStatus> RepStatuses()
    {
        lock (_gate)
        {
            return Engine.Organisation.Reps.ToDictionary(r => r.Id, r => _state.GetRepStatus(r.Id));
        }
    }

    /// <summary>The accounts of the demo roster (named accounts and customers keep their owner).</summary>
    public IReadOnlyList<AccountRecord> Accounts()
    {
        lock (_gate)
        {
            return [.. _state.Accounts.OrderBy(a => a.Domain, StringComparer.Ordinal)];
        }
    }
}
