using System.Text.RegularExpressions;
using CsvHelper;
using LeadRouting.Core.Import;
using LeadRouting.Web.Leads;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// A CSV of reps read into the configuration draft (<c>/settings/reps</c>): columns <c>name, email, team, level,
/// capacity, languages</c>, and optionally <c>id, weight, industries, backup, active</c>. Every row becomes a
/// <see cref="RepForm"/> and is validated exactly like the form, with the row's line and the field named. A row whose id
/// — or, without an id column, whose email — is a rep of the draft updates that rep (the columns the file lacks keep
/// their values); any other row adds a rep, with an id made from the email's local part when the file gives none.
/// All or nothing: one bad row and the draft is left as it is.
/// </summary>
public static partial class RepsCsv
{
    public const long MaxBytes = 1024 * 1024;
    public const int MaxRows = 2_000;

    /// <summary>The columns, in the order the page lists them.</summary>
    public static readonly IReadOnlyList<string> Columns = ["name", "email", "team", "level", "capacity", "languages", "id", "weight", "industries", "backup", "active"];

    private const int MaxReported = 50;

    /// <summary>
    /// The draft <paramref name="config"/> with the file's reps added or updated, or null with every problem (line and field).
    /// <paramref name="csv"/> must be seekable and UTF-8 (<see cref="CsvCharset"/> makes it so); the form's own field
    /// messages are in <paramref name="text"/>'s language.
    /// </summary>
    public static async Task<RepsImport> ReadAsync(Stream csv, RoutingConfiguration config, IStringLocalizer<FormText> text, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var malformed = new Queue<CsvMalformedRecord>();
        var separator = await CsvUpload.SeparatorAsync(csv, cancellationToken);
        await using var reader = CsvReader.Create(csv, CsvUpload.Options(separator, malformed), leaveOpen: true);
        await reader.ReadHeaderAsync(cancellationToken);
        if (reader.Headers is not { Count: > 0 } headers || headers.All(string.IsNullOrWhiteSpace))
        {
            return RepsImport.Failed([text["The file is empty: the first line must name the columns {0}.", string.Join(", ", Columns)]]);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i]?.Trim() ?? "";
            var column = Columns.FirstOrDefault(c => WordingKey.Stripped(c) == WordingKey.Stripped(header));
            if (column is null)
            {
                problems.Add(text["Line 1: unknown column '{0}'. Columns are {1}.", header, string.Join(", ", Columns)]);
            }
            else if (!index.TryAdd(column, i))
            {
                problems.Add(text["Line 1: column '{0}' appears twice.", header]);
            }
        }

        foreach (var required in new[] { "name", "team", "level" }.Where(c => !index.ContainsKey(c)))
        {
            problems.Add(text["Line 1: the column '{0}' is missing.", required]);
        }

        if (!index.ContainsKey("id") && !index.ContainsKey("email"))
        {
            problems.Add(text["Line 1: give an 'id' or an 'email' column: it says which rep a row is."]);
        }

        if (problems.Count > 0)
        {
            return RepsImport.Failed(problems);
        }

        var edited = config;
        var added = 0;
        var updated = 0;
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            while (malformed.TryDequeue(out var bad))
            {
                Report(problems, text["Line {0}: could not be read (check its quotes).", bad.LineNumber], text);
            }

            var line = reader.LineNumber;
            string? Cell(string column) => index.TryGetValue(column, out var i) && i < reader.FieldCount ? reader.GetString(i)?.Trim() : null;
            if (index.Keys.All(c => string.IsNullOrEmpty(Cell(c))))
            {
                continue;
            }

            if (++rows > MaxRows)
            {
                Report(problems, text["The file has more than {0} reps; split it.", MaxRows], text);
                break;
            }

            var errors = new FieldErrors();
            var form = FormFor(edited, Cell("id"), Cell("email"));
            form.Name = index.ContainsKey("name") ? Cell("name") : form.Name;
            if (index.ContainsKey("email"))
            {
                form.Email = Cell("email");
            }

            form.Team = TeamId(edited, Cell("team")) ?? Cell("team");
            if (Level(Cell("level")) is { } level)
            {
                form.Level = level;
            }
            else
            {
                errors.Add("level", text["'{0}' is not a level: {1}.", Cell("level") ?? "", string.Join(", ", Enum.GetValues<RepLevel>().Select(RepLevels.Describe))]);
            }

            form.Capacity = index.ContainsKey("capacity") ? Whole(Cell("capacity"), "capacity", errors, text) : form.Capacity;
            form.Weight = index.ContainsKey("weight") ? Whole(Cell("weight"), "weight", errors, text) : form.Weight;
            if (index.ContainsKey("languages"))
            {
                form.Languages = List(Cell("languages"));
            }

            if (index.ContainsKey("industries"))
            {
                form.Industries = List(Cell("industries"));
            }

            if (index.ContainsKey("backup"))
            {
                form.Backup = Cell("backup") ?? "";
            }

            if (index.ContainsKey("active") && Cell("active") is { Length: > 0 } active)
            {
                form.Active = ExportFlags.Read(active, out var activeProblem) ?? form.Active;
                if (activeProblem is not null)
                {
                    errors.Add("active", activeProblem);
                }
            }

            foreach (var (field, messages) in form.Validate(edited, text).ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }

            if (!errors.IsEmpty)
            {
                Report(problems, text["Line {0}: {1}", line, string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))], text);
                continue;
            }

            edited = form.ApplyTo(edited);
            if (form.IsNew)
            {
                added++;
            }
            else
            {
                updated++;
            }
        }

        while (malformed.TryDequeue(out var bad))
        {
            Report(problems, text["Line {0}: could not be read (check its quotes).", bad.LineNumber], text);
        }

        if (problems.Count == 0 && added + updated == 0)
        {
            problems.Add(text["The file has no reps."]);
        }

        return problems.Count > 0 ? RepsImport.Failed(problems) : new RepsImport(edited, added, updated, []);
    }

    /// <summary>The form of the rep the row means: by id, else by email; a new rep otherwise.</summary>
    private static RepForm FormFor(RoutingConfiguration config, string? id, string? email)
    {
        var reps = config.Organisation.Reps;
        var existing = !string.IsNullOrEmpty(id)
            ? reps.FirstOrDefault(r => r.Id.Value == id)
            : string.IsNullOrEmpty(email) ? null : reps.FirstOrDefault(r => string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            return RepForm.From(existing);
        }

        var form = RepForm.New(null);
        form.Id = !string.IsNullOrEmpty(id) ? id : IdFrom(email);
        return form;
    }

    /// <summary>"Clara.Fischer@acme.de" → "clara-fischer": an id the form accepts, made from what the file gives.</summary>
    private static string? IdFrom(string? email)
    {
        var local = email?.Split('@')[0];
        if (string.IsNullOrEmpty(local))
        {
            return null;
        }

        var id = NotIdCharacters().Replace(local.ToLowerInvariant(), "-").Trim('-');
        return id.Length == 0 ? null : id[..Math.Min(id.Length, SettingsFields.MaxIdLength)];
    }

    private static string? TeamId(RoutingConfiguration config, string? team) =>
        string.IsNullOrEmpty(team)
            ? null
            : config.Organisation.Teams.FirstOrDefault(t => t.Id.Value == team || string.Equals(t.Name, team, StringComparison.OrdinalIgnoreCase))?.Id.Value;

    /// <summary>A level by its enum name or its label, spelling aside: "MidAe", "Mid-level AE", "senior ae", "SDR".</summary>
    private static RepLevel? Level(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var key = WordingKey.Stripped(text);
        foreach (var level in Enum.GetValues<RepLevel>())
        {
            if (key == WordingKey.Stripped(level.ToString()) || key == WordingKey.Stripped(RepLevels.Describe(level)))
            {
                return level;
            }
        }

        return null;
    }

    private static int? Whole(string? text, string field, FieldErrors errors, IStringLocalizer<FormText> messages)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(field, messages["'{0}' is not a whole number.", TextRules.Shorten(text)]);
        return null;
    }

    /// <summary>A list cell: "de; en", "de|en" or a quoted "de, en" — the form's comma list.</summary>
    private static string? List(string? text) => text?.Replace(';', ',').Replace('|', ',');

    private static void Report(List<string> problems, string problem, IStringLocalizer<FormText> text)
    {
        if (problems.Count < MaxReported)
        {
            problems.Add(problem);
        }
        else if (problems.Count == MaxReported)
        {
            problems.Add(text["… and more; fix these first."]);
        }
    }

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotIdCharacters();
}

/// <summary>The draft with the file's reps, how many were added and updated; or the problems and no draft.</summary>
public sealed record RepsImport(RoutingConfiguration? Edited, int Added, int Updated, IReadOnlyList<string> Problems)
{
    public static RepsImport Failed(IReadOnlyList<string> problems) => new(null, 0, 0, problems);

    /// <summary>"3 reps added, 1 updated".</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"{Added} {(Added == 1 ? "rep" : "reps")} added, {Updated} updated from CSV");
}
