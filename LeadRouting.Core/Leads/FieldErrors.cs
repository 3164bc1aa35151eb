namespace LeadRouting.Core.Leads;

/// <summary>
/// Collects validation errors per field (JSON path such as <c>signals[2].type</c>), the shape RFC 7807
/// validation problems use. Every bad field is reported, not only the first.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
    }

    public bool Contains(string field) => _errors.ContainsKey(field);

    /// <summary>The first message for <paramref name="field"/>, for a form that shows one under each field.</summary>
    public string? First(string field) => _errors.TryGetValue(field, out var messages) ? messages[0] : null;

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
