namespace LeadRouting.Core.Routing;

/// <summary>
/// The open leads of an in-memory state by (matched account domain, <see cref="Matching.PersonNames"/> key), for
/// <see cref="IRoutingState.FindOpenLeadByPerson"/>: what the live store's index on <c>Leads (AccountDomain, PersonKey)</c>
/// answers. Entries are kept in the order they were added (the order leads arrive), so the newest that qualifies is
/// found from the end; a lead routed again replaces its entry.
/// </summary>
internal sealed class PeopleIndex<T>
    where T : class
{
    private readonly Dictionary<(string Domain, string Person), List<(LeadId Id, T Entry)>> _entries = [];

    /// <summary>Adds <paramref name="entry"/> under <paramref name="lead"/>'s account and person; a lead without either is not indexed.</summary>
    public void Add(ExistingLead lead, T entry)
    {
        if (lead.AccountDomain is not { } domain || lead.PersonKey is not { } person)
        {
            return;
        }

        var key = (domain.ToLowerInvariant(), person);
        if (!_entries.TryGetValue(key, out var list))
        {
            _entries[key] = list = [];
        }

        // A lead routed again (a monitored lead lifted by a merge) replaces its earlier entry.
        list.RemoveAll(e => e.Id == lead.Id);
        list.Add((lead.Id, entry));
    }

    /// <summary>The newest entry under the key that <paramref name="qualifies"/>; null if none.</summary>
    public T? Newest(string domain, string person, Func<T, bool> qualifies)
    {
        if (!_entries.TryGetValue((domain.ToLowerInvariant(), person), out var list))
        {
            return null;
        }

        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (qualifies(list[i].Entry))
            {
                return list[i].Entry;
            }
        }

        return null;
    }
}
