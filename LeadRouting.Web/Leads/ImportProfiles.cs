using System.Text.Json;
using LeadRouting.Core.Import;
using LeadRouting.Web.Security;

namespace LeadRouting.Web.Leads;

/// <summary>The import modes a profile may remember, as <c>POST /api/leads/import?mode=</c> names them.</summary>
public static class ImportModes
{
    public const string Route = "route";
    public const string History = "history";

    public static IReadOnlyList<string> All { get; } = [Route, History];

    /// <summary>The mode a stored name means; <see cref="LeadImportMode.Route"/> for anything but <see cref="History"/>.</summary>
    public static LeadImportMode Parse(string? mode) =>
        string.Equals(mode, History, StringComparison.OrdinalIgnoreCase) ? LeadImportMode.History : LeadImportMode.Route;
}

/// <summary>
/// A named import profile: the column mapping of a CRM's export (header → target or null), the locale its numbers and
/// dates are written in, the currency of its deal values with the rate into the organisation's, and the mode, saved so
/// the next export of the same CRM imports without mapping it again.
/// </summary>
public sealed record ImportProfile
{
    public required string Name { get; init; }
    public required IReadOnlyDictionary<string, string?> Mapping { get; init; }
    public string? Locale { get; init; }

    /// <summary>The currency the export's deal values are in (<c>?currency=</c>); null: the organisation's.</summary>
    public string? Currency { get; init; }

    /// <summary>1 <see cref="Currency"/> = Rate units of the organisation's currency (<c>?rate=</c>).</summary>
    public decimal? Rate { get; init; }

    public string Mode { get; init; } = ImportModes.Route;
    public string? UpdatedBy { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>What saving or deleting a profile did: nothing and why (errors by field), or done.</summary>
public sealed record ImportProfileResult(bool Succeeded, IReadOnlyDictionary<string, string[]> Errors)
{
    public static ImportProfileResult Done { get; } = new(true, new Dictionary<string, string[]>());

    public static ImportProfileResult Forbidden { get; } = Failed("profile", "Only Ops may change import profiles.");

    public static ImportProfileResult Failed(string field, string message) => new(false, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Import profiles in the database. Everyone who may import reads them (<c>?profile=NAME</c> of the API, the page);
/// only Ops change them (checked here for people; the API checks its key's <c>admin</c> scope). Names are unique
/// ignoring case. Every change is audited.
/// </summary>
public sealed class ImportProfiles(IDbContextFactory<LeadRoutingDbContext> dbFactory, TimeProvider time)
{
    public const int MaxNameLength = 100;

    /// <summary>The query parameter of <c>POST /api/leads/import</c> that names a profile.</summary>
    public const string ProfileParameter = "profile";

    public async Task<IReadOnlyList<ImportProfile>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ImportProfiles.AsNoTracking().OrderBy(p => p.NormalizedName).ToListAsync(cancellationToken);
        return [.. rows.Select(ToProfile)];
    }

    /// <summary>The profile of that name, ignoring case; null when there is none.</summary>
    public async Task<ImportProfile?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = Normalize(name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ImportProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.NormalizedName == normalized, cancellationToken);
        return row is null ? null : ToProfile(row);
    }

    /// <summary>Saves (adds or replaces by name) a profile for a signed-in person, who must be Ops.</summary>
    public Task<ImportProfileResult> SaveAsync(SignedInUser? user, ImportProfile profile, CancellationToken cancellationToken) =>
        MayEdit(user) ? SaveAsAsync(user!.Email, profile, cancellationToken) : Task.FromResult(ImportProfileResult.Forbidden);

    /// <summary>Deletes a profile for a signed-in person, who must be Ops.</summary>
    public Task<ImportProfileResult> DeleteAsync(SignedInUser? user, string name, CancellationToken cancellationToken) =>
        MayEdit(user) ? DeleteAsAsync(user!.Email, name, cancellationToken) : Task.FromResult(ImportProfileResult.Forbidden);

    /// <summary>Saves a profile in the name of <paramref name="actor"/>, whose right to do so the caller checked (an API key's admin scope).</summary>
    public async Task<ImportProfileResult> SaveAsAsync(string actor, ImportProfile profile, CancellationToken cancellationToken)
    {
        if (Validate(profile) is { } invalid)
        {
            return invalid;
        }

        var name = profile.Name.Trim();
        var normalized = Normalize(name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ImportProfiles.FirstOrDefaultAsync(p => p.NormalizedName == normalized, cancellationToken);
        if (row is null)
        {
            row = new ImportProfileEntity { Name = name, NormalizedName = normalized, MappingJson = "", Mode = ImportModes.Route, UpdatedBy = actor };
            db.ImportProfiles.Add(row);
        }

        row.Name = name;
        row.MappingJson = JsonSerializer.Serialize(profile.Mapping);
        row.Locale = string.IsNullOrWhiteSpace(profile.Locale) ? null : profile.Locale.Trim();
        row.Mode = profile.Mode.ToLowerInvariant();
        row.Currency = string.IsNullOrWhiteSpace(profile.Currency) ? null : profile.Currency.Trim().ToUpperInvariant();
        row.Rate = row.Currency is null ? null : profile.Rate;
        row.UpdatedBy = actor;
        row.UpdatedAt = time.GetUtcNow();
        db.AuditEvents.Add(new AuditEventEntity { At = time.GetUtcNow(), Actor = actor, Type = "ImportProfileSaved", Detail = $"Import profile '{name}' saved: {profile.Mapping.Count} columns, locale {row.Locale ?? "none"}, mode {row.Mode}{CurrencyText(row)}." });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two first saves of one name at once: the unique index keeps one; the later one says so instead of failing.
            return ImportProfileResult.Failed("name", $"A profile named '{name}' was saved at the same moment; save again to replace it.");
        }

        return ImportProfileResult.Done;
    }

    /// <summary>Deletes a profile in the name of <paramref name="actor"/>, whose right to do so the caller checked.</summary>
    public async Task<ImportProfileResult> DeleteAsAsync(string actor, string name, CancellationToken cancellationToken)
    {
        var normalized = Normalize(name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ImportProfiles.Where(p => p.NormalizedName == normalized).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return ImportProfileResult.Failed("name", $"There is no import profile '{TextRules.Shorten(name)}'.");
        }

        db.AuditEvents.Add(new AuditEventEntity { At = time.GetUtcNow(), Actor = actor, Type = "ImportProfileDeleted", Detail = $"Import profile '{name.Trim()}' deleted." });
        await db.SaveChangesAsync(cancellationToken);
        return ImportProfileResult.Done;
    }

    public static bool MayEdit(SignedInUser? user) => user?.Roles.Contains(LeadRoutingRoles.Ops) == true;

    private static ImportProfileResult? Validate(ImportProfile profile)
    {
        var name = profile.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            return ImportProfileResult.Failed("name", "Is required.");
        }

        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return ImportProfileResult.Failed("name", $"At most {MaxNameLength} characters, no control characters.");
        }

        if (profile.Mapping is null)
        {
            return ImportProfileResult.Failed("mapping", "Is required: {\"<header>\": \"<target or null>\"}.");
        }

        if (ColumnMapping.ParseChoices(JsonSerializer.Serialize(profile.Mapping), out var mappingProblem) is null)
        {
            return ImportProfileResult.Failed("mapping", mappingProblem!);
        }

        var taken = profile.Mapping.Where(m => !string.IsNullOrWhiteSpace(m.Value)).GroupBy(m => m.Value!.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (taken is not null)
        {
            return ImportProfileResult.Failed("mapping", $"{string.Join(" and ", taken.Select(t => $"'{TextRules.Shorten(t.Key)}'"))} are all mapped to '{taken.Key}'; a target takes one column.");
        }

        if (!string.IsNullOrWhiteSpace(profile.Locale) && CsvNumberFormat.ForLocale(profile.Locale, out var localeProblem) is null)
        {
            return ImportProfileResult.Failed("locale", localeProblem!);
        }

        if (!string.IsNullOrWhiteSpace(profile.Currency) && CurrencyCodes.Problem(profile.Currency.Trim().ToUpperInvariant()) is { } currencyProblem)
        {
            return ImportProfileResult.Failed(ImportCurrency.CurrencyParameter, currencyProblem);
        }

        if (string.IsNullOrWhiteSpace(profile.Currency) && profile.Rate is not null)
        {
            return ImportProfileResult.Failed(ImportCurrency.CurrencyParameter, "A rate needs the currency it converts from (e.g. USD with rate 0.92).");
        }

        if (profile.Rate is { } rate && rate is <= 0 or > ImportCurrency.MaxRate)
        {
            return ImportProfileResult.Failed(ImportCurrency.RateParameter, rate <= 0
                ? $"Must be greater than 0 (got {rate.ToString(CultureInfo.InvariantCulture)})."
                : $"Is implausibly large (got {rate.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (!ImportModes.All.Contains(profile.Mode?.ToLowerInvariant()))
        {
            return ImportProfileResult.Failed("mode", $"Must be {string.Join(" or ", ImportModes.All)} (got '{TextRules.Shorten(profile.Mode ?? "")}').");
        }

        return null;
    }

    private static string Normalize(string name) => name.Trim().ToLowerInvariant();

    private static string CurrencyText(ImportProfileEntity row) =>
        row.Currency is null ? "" : $", values in {row.Currency}" + (row.Rate is { } rate ? $" at {rate.ToString(CultureInfo.InvariantCulture)}" : "");

    private static ImportProfile ToProfile(ImportProfileEntity row) => new()
    {
        Name = row.Name,
        Mapping = JsonSerializer.Deserialize<Dictionary<string, string?>>(row.MappingJson) ?? [],
        Locale = row.Locale,
        Currency = row.Currency,
        Rate = row.Rate,
        Mode = row.Mode,
        UpdatedBy = row.UpdatedBy,
        UpdatedAt = row.UpdatedAt,
    };
}
