using System.Text.Json;
using System.Text.Json.Serialization;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>One column of a file: its position, its header, and the target it maps to or why it is ignored.</summary>
/// <param name="Index">The column's position in the file, from 0.</param>
/// <param name="Header">The header as the file writes it.</param>
/// <param name="Target">What the column's values fill; null when the column is ignored.</param>
/// <param name="Reason">Why an ignored column is ignored (<see cref="ExportHeaders.UnknownColumn"/>, another column already mapping the target, …); null when it maps.</param>
/// <param name="Chosen">Whether the user chose this column's target (or chose to ignore it), rather than the header suggesting it.</param>
public sealed record MappedColumn(int Index, string Header, ImportTarget? Target, string? Reason, bool Chosen = false);

/// <summary>
/// Which column of a file fills which <see cref="ImportTarget"/>. <see cref="Suggest"/> reads the headers
/// (<see cref="ExportHeaders"/>); the user then changes what they want (<see cref="WithTarget"/>,
/// <see cref="WithTargets"/>). Rules:
/// <list type="bullet">
/// <item>One target, one column: when two columns mean the same target, the first (leftmost) maps and the later is
/// ignored with a reason naming the first (<c>Lead Status</c> before <c>Lifecycle Stage</c> maps <c>status</c>; the
/// user can switch). A column the user maps to a target takes it from the column that had it, which is then ignored
/// with a reason naming the user's column.</item>
/// <item>An unknown column is ignored ("unknown column"), never fatal.</item>
/// <item>Changes name a header; with the same header written twice in a file, the first column of that name is meant.</item>
/// <item>A change to a target that does not exist, or for a header the file does not have, is refused with the
/// header named and the valid targets listed; nothing is changed.</item>
/// </list>
/// As JSON (the import's API answer and its <c>mapping</c> part) the mapping is an object of header → target name or
/// null, in column order: <c>{"Lead ID": "externalId", "Phone": null}</c>. A header written twice appears once (the
/// later column is always ignored).
/// </summary>
[JsonConverter(typeof(ColumnMappingJsonConverter))]
public sealed class ColumnMapping
{
    private ColumnMapping(IReadOnlyList<MappedColumn> columns) => Columns = columns;

    /// <summary>The file's columns in order.</summary>
    public IReadOnlyList<MappedColumn> Columns { get; }

    /// <summary>The mapping the headers suggest, as <see cref="ExportHeaders"/> recognises them.</summary>
    public static ColumnMapping Suggest(IReadOnlyList<string> headers) => Build(headers, new Dictionary<int, ImportTarget?>());

    /// <summary>
    /// This mapping with the column <paramref name="header"/> mapped to the target named <paramref name="target"/>
    /// (null or empty: ignored), or null with the reason in <paramref name="problem"/>.
    /// </summary>
    public ColumnMapping? WithTarget(string header, string? target, out string? problem) =>
        WithTargets(new Dictionary<string, string?>(StringComparer.Ordinal) { [header] = target }, out problem);

    /// <summary>
    /// This mapping with each header of <paramref name="choices"/> mapped to its target (null or empty: ignored), all or
    /// nothing; null with the reason in <paramref name="problem"/> when a header is not a column of the file, a target
    /// does not exist, or two headers are given one target. Earlier choices stay unless a new one takes their target;
    /// the columns nobody chose are suggested again around the choices.
    /// </summary>
    public ColumnMapping? WithTargets(IReadOnlyDictionary<string, string?> choices, out string? problem)
    {
        problem = null;
        var chosen = new Dictionary<int, ImportTarget?>();
        var chosenBy = new Dictionary<ImportTarget, string>();
        foreach (var (header, name) in choices)
        {
            if (Columns.FirstOrDefault(c => string.Equals(c.Header, header, StringComparison.Ordinal)) is not { } column)
            {
                problem = $"'{TextRules.Shorten(header)}' is not a column of this file; its columns are {Quoted(Columns.Select(c => c.Header).Distinct())}.";
                return null;
            }

            var target = string.IsNullOrWhiteSpace(name) ? null : ImportTargets.Find(name);
            if (target is null && !string.IsNullOrWhiteSpace(name))
            {
                problem = UnknownTarget(header, name);
                return null;
            }

            if (target is not null && chosenBy.TryGetValue(target, out var other))
            {
                problem = $"'{TextRules.Shorten(header)}' and '{TextRules.Shorten(other)}' are both mapped to '{target.Name}'; a target takes one column.";
                return null;
            }

            if (target is not null)
            {
                chosenBy[target] = header;
            }

            chosen[column.Index] = target;
        }

        foreach (var earlier in Columns.Where(c => c.Chosen && !chosen.ContainsKey(c.Index)))
        {
            if (earlier.Target is null || !chosenBy.ContainsKey(earlier.Target))
            {
                chosen[earlier.Index] = earlier.Target;
            }
        }

        return Build([.. Columns.Select(c => c.Header)], chosen);
    }

    /// <summary>The user's choices first; every other column takes what its header suggests unless a column before it, or a choice, has that target.</summary>
    private static ColumnMapping Build(IReadOnlyList<string> headers, IReadOnlyDictionary<int, ImportTarget?> chosen)
    {
        var taken = new Dictionary<ImportTarget, (string Header, bool ByChoice)>();
        foreach (var (index, target) in chosen)
        {
            if (target is not null)
            {
                taken[target] = (headers[index], true);
            }
        }

        var columns = new List<MappedColumn>(headers.Count);
        for (var index = 0; index < headers.Count; index++)
        {
            var header = headers[index];
            if (chosen.TryGetValue(index, out var choice))
            {
                columns.Add(new MappedColumn(index, header, choice, choice is null ? "ignored by choice" : null, Chosen: true));
                continue;
            }

            var target = ExportHeaders.Recognise(header, out var reason);
            if (target is not null && taken.TryGetValue(target, out var holder))
            {
                columns.Add(new MappedColumn(index, header, null, holder.ByChoice
                    ? $"'{target.Name}' is mapped from '{TextRules.Shorten(holder.Header)}' by choice"
                    : AlreadyMapped(target, holder.Header)));
                continue;
            }

            if (target is not null)
            {
                taken[target] = (header, false);
            }

            columns.Add(new MappedColumn(index, header, target, reason));
        }

        return new ColumnMapping(columns);
    }

    /// <summary>The position of the column that fills <paramref name="target"/>; null when none does.</summary>
    public int? ColumnOf(ImportTarget target) => Columns.FirstOrDefault(c => c.Target == target)?.Index;

    /// <summary>Header → target name or null, in column order; a header written twice appears once, with its first column's target.</summary>
    public IReadOnlyDictionary<string, string?> ToDictionary()
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            map.TryAdd(column.Header, column.Target?.Name);
        }

        return map;
    }

    /// <summary>
    /// A mapping as the JSON of the API writes it (<c>{"Lead ID": "externalId", "Phone": null}</c>), or null with the
    /// reason: not an object of strings and nulls, a header given twice, or a target that does not exist.
    /// </summary>
    public static IReadOnlyDictionary<string, string?>? ParseChoices(string json, out string? problem)
    {
        problem = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            problem = $"The mapping is not valid JSON: {e.Message}";
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "The mapping must be a JSON object of column header → target name or null, e.g. {\"Lead ID\": \"externalId\", \"Phone\": null}.";
                return null;
            }

            var choices = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                string? name;
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    name = null;
                }
                else if (property.Value.ValueKind == JsonValueKind.String)
                {
                    name = property.Value.GetString();
                }
                else
                {
                    problem = $"'{TextRules.Shorten(property.Name)}' must map to a target name or null (got {property.Value.ValueKind}).";
                    return null;
                }

                if (!string.IsNullOrWhiteSpace(name) && ImportTargets.Find(name) is null)
                {
                    problem = UnknownTarget(property.Name, name);
                    return null;
                }

                if (!choices.TryAdd(property.Name, name))
                {
                    problem = $"'{TextRules.Shorten(property.Name)}' is given twice in the mapping.";
                    return null;
                }
            }

            return choices;
        }
    }

    internal static string AlreadyMapped(ImportTarget target, string firstHeader) =>
        $"'{target.Name}' is already mapped from '{TextRules.Shorten(firstHeader)}'";

    private static string UnknownTarget(string header, string target) =>
        $"'{TextRules.Shorten(header)}' cannot map to '{TextRules.Shorten(target)}': it is not a target. " +
        $"Valid targets: {string.Join(", ", ImportTargets.Names)}; or null to ignore the column.";

    private static string Quoted(IEnumerable<string> headers) => string.Join(", ", headers.Select(h => $"'{TextRules.Shorten(h)}'"));
}

/// <summary>
/// Writes a <see cref="ColumnMapping"/> as the API answers it (header → target name or null) and reads one back: the
/// headers of the JSON become the columns, in order, mapped as the JSON says. A target that does not exist is a
/// <see cref="JsonException"/> naming the header and listing the valid targets.
/// </summary>
public sealed class ColumnMappingJsonConverter : JsonConverter<ColumnMapping>
{
    public override ColumnMapping Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var json = document.RootElement.GetRawText();
        if (ColumnMapping.ParseChoices(json, out var problem) is not { } choices)
        {
            throw new JsonException(problem);
        }

        var mapping = ColumnMapping.Suggest([.. choices.Keys]).WithTargets(choices, out problem);
        return mapping ?? throw new JsonException(problem);
    }

    public override void Write(Utf8JsonWriter writer, ColumnMapping value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (header, target) in value.ToDictionary())
        {
            if (target is null)
            {
                writer.WriteNull(header);
            }
            else
            {
                writer.WriteString(header, target);
            }
        }

        writer.WriteEndObject();
    }
}
