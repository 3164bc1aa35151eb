using System.Collections.Frozen;
using LeadRouting.Core.Configuration;

namespace LeadRouting.Core.Import;

/// <summary>
/// Finds the rep a CRM export's owner cell means: a rep id (<c>dach-sr-1</c>), an email address (case does not count)
/// or the rep's exact name (case and surrounding spaces do not count: CRMs export <c>Account Owner</c> as a full name).
/// A name two reps share is refused rather than guessed.
/// </summary>
public sealed class RepOwners
{
    private readonly FrozenDictionary<string, Rep> _byId;
    private readonly FrozenDictionary<string, Rep> _byEmail;
    private readonly FrozenDictionary<string, Rep[]> _byName;

    public RepOwners(IEnumerable<Rep> reps)
    {
        Reps = [.. reps.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)];
        _byId = Reps.ToFrozenDictionary(r => r.Id.Value, StringComparer.Ordinal);
        _byEmail = Reps.Where(r => !string.IsNullOrWhiteSpace(r.Email))
            .GroupBy(r => r.Email!.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _byName = Reps.GroupBy(r => r.Name.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The reps an owner may be, by name.</summary>
    public IReadOnlyList<Rep> Reps { get; }

    /// <summary>The rep <paramref name="owner"/> means, or null with the reason in <paramref name="problem"/>.</summary>
    public Rep? Find(string owner, out string? problem)
    {
        problem = null;
        var text = owner.Trim();
        if (_byId.TryGetValue(text, out var rep) || _byEmail.TryGetValue(text, out rep))
        {
            return rep;
        }

        if (_byName.TryGetValue(text, out var named))
        {
            if (named.Length == 1)
            {
                return named[0];
            }

            problem = $"'{text}' is the name of {named.Length} reps ({string.Join(", ", named.Select(r => r.Id.Value))}); give the rep id or email.";
            return null;
        }

        problem = $"'{text}' is not a rep of the published configuration.";
        return null;
    }

    /// <summary>The valid reps in one line, to show beside unknown owners: "Clara Fischer (dach-mid-1), …".</summary>
    public string Describe() => string.Join(", ", Reps.Select(r => $"{r.Name} ({r.Id.Value})"));
}
