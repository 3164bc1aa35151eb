using CsvHelper;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;

namespace LeadRouting.Web.Routing;

/// <summary>
/// Named accounts and customers (DESIGN.md §2.2): a company domain with an owner who gets every lead of that company.
/// They are live data, not part of the versioned configuration — routing itself adds owners when it hands an
/// Enterprise account to a senior rep — so Ops edit them directly: a change applies to the next lead and is audited.
/// Only Ops may change them (checked here, on the server); owners must be reps of the published configuration.
/// </summary>
/// <remarks>
/// A CSV import is all or nothing: every row is checked first and, if any row is wrong, nothing is stored and every
/// bad row is reported with its line; otherwise all rows are upserted by domain in one transaction.
/// </remarks>
public sealed class NamedAccountsService(IDbContextFactory<LeadRoutingDbContext> dbFactory, ConfigurationStore configurations, TimeProvider time)
{
    public const int MaxImportRows = 50_000;
    public const long MaxImportBytes = 5 * 1024 * 1024;
    public const int MaxNameLength = 256;

    /// <summary>The CSV columns, matched case-insensitively; domain and name are required.</summary>
    public static readonly IReadOnlyList<string> Columns = ["domain", "name", "owner", "namedAccount", "customer"];

    private const int MaxReportedErrors = 50;

    /// <summary>One page of accounts, by domain; <paramref name="search"/> matches domain, name or owner id.</summary>
    public async Task<AccountPage> PageAsync(string? search, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Accounts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(a => a.Domain.Contains(term) || a.Name.ToLower().Contains(term) || (a.OwnerId != null && a.OwnerId.Contains(term)));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(a => a.Domain).Skip(skip).Take(Math.Clamp(take, 1, 500))
            .Select(a => new AccountRow(a.Domain, a.Name, a.OwnerId, a.IsNamedAccount, a.IsCustomer))
            .ToListAsync(cancellationToken);
        return new AccountPage(items, total);
    }

    /// <summary>Adds or replaces one account (by domain).</summary>
    public async Task<AccountResult> SaveAsync(SignedInUser? user, AccountRow account, CancellationToken cancellationToken)
    {
        if (!MayEdit(user))
        {
            return AccountResult.Forbidden;
        }

        var errors = new FieldErrors();
        var normalised = Validate(account, await PublishedRepsAsync(cancellationToken), errors, prefix: "");
        if (!errors.IsEmpty)
        {
            return new AccountResult(false, errors.ToDictionary().AsReadOnly(), []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await UpsertAsync(db, [normalised!], cancellationToken);
        db.AuditEvents.Add(Audit(user!, "AccountChanged", $"{normalised!.Domain}: owner {normalised.OwnerId ?? "none"}{Flags(normalised)}."));
        await db.SaveChangesAsync(cancellationToken);
        return AccountResult.Done;
    }

    public async Task<AccountResult> DeleteAsync(SignedInUser? user, string domain, CancellationToken cancellationToken)
    {
        if (!MayEdit(user))
        {
            return AccountResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Accounts.Where(a => a.Domain == domain).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return new AccountResult(false, new Dictionary<string, string[]> { ["domain"] = [$"There is no account '{domain}'."] }, []);
        }

        db.AuditEvents.Add(Audit(user!, "AccountDeleted", $"{domain} deleted."));
        await db.SaveChangesAsync(cancellationToken);
        return AccountResult.Done;
    }

    /// <summary>Imports a CSV file (seekable stream) in UTF-8 or a detected charset; see the class remarks for the all-or-nothing rule.</summary>
    public Task<AccountImportResult> ImportAsync(SignedInUser? user, Stream csv, CancellationToken cancellationToken) =>
        ImportAsync(user, csv, charset: null, cancellationToken);

    /// <summary>
    /// Imports a CSV file (seekable stream); see the class remarks for the all-or-nothing rule. <paramref name="charset"/>
    /// is the file's declared charset, or null to take UTF-8 or detect it (<see cref="CsvCharset"/>: a file whose
    /// charset cannot be told is refused, never stored garbled).
    /// </summary>
    public async Task<AccountImportResult> ImportAsync(SignedInUser? user, Stream csv, string? charset, CancellationToken cancellationToken)
    {
        if (!MayEdit(user))
        {
            return new AccountImportResult(0, ["Only Ops may change named accounts."]);
        }

        await using var text = await CsvCharset.ReadAsync(csv, charset, cancellationToken);
        if (text.Problem is { } charsetProblem)
        {
            return new AccountImportResult(0, [$"{charsetProblem.Title} {charsetProblem.Reason} Save the file as UTF-8, or choose its character set beside the upload."]);
        }

        var reps = await PublishedRepsAsync(cancellationToken);
        var (accounts, problems) = await ReadAsync(text.Utf8!, reps, cancellationToken);
        if (problems.Count > 0)
        {
            return new AccountImportResult(0, problems);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UpsertAsync(db, accounts, cancellationToken);
        db.AuditEvents.Add(Audit(user!, "AccountsImported", $"{accounts.Count} accounts imported from CSV."));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AccountImportResult(accounts.Count, []);
    }

    private static async Task<(List<AccountRow> Accounts, List<string> Problems)> ReadAsync(Stream csv, IReadOnlySet<string> reps, CancellationToken cancellationToken)
    {
        var accounts = new List<AccountRow>();
        var problems = new List<string>();
        var malformed = new Queue<CsvMalformedRecord>();
        var separator = await SeparatorAsync(csv, cancellationToken);
        await using var reader = CsvReader.Create(csv, CsvUpload.Options(separator, malformed), leaveOpen: true);

        await reader.ReadHeaderAsync(cancellationToken);
        if (reader.Headers is not { Count: > 0 } headers || headers.All(string.IsNullOrWhiteSpace))
        {
            return (accounts, ["The file is empty: the first line must name the columns " + string.Join(", ", Columns) + "."]);
        }

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i]?.Trim() ?? "";
            if (!Columns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"Line 1: unknown column '{name}'. Columns are {string.Join(", ", Columns)}.");
            }
            else if (!index.TryAdd(name, i))
            {
                problems.Add($"Line 1: column '{name}' appears twice.");
            }
        }

        foreach (var required in new[] { "domain", "name" }.Where(c => !index.ContainsKey(c)))
        {
            problems.Add($"Line 1: the column '{required}' is missing.");
        }

        if (problems.Count > 0)
        {
            return (accounts, problems);
        }

        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            while (malformed.TryDequeue(out var bad))
            {
                Report(problems, $"Line {bad.LineNumber}: could not be read (check its quotes).");
            }

            var line = reader.LineNumber;
            string? Cell(string column) => index.TryGetValue(column, out var i) && i < reader.FieldCount ? reader.GetString(i)?.Trim() : null;
            if (accounts.Count >= MaxImportRows)
            {
                Report(problems, $"The file has more than {MaxImportRows} rows; split it.");
                break;
            }

            var errors = new FieldErrors();
            var row = new AccountRow(
                Cell("domain") ?? "",
                Cell("name") ?? "",
                Cell("owner") is { Length: > 0 } owner ? owner : null,
                ReadFlag(Cell("namedAccount"), true, "namedAccount", errors),
                ReadFlag(Cell("customer"), false, "customer", errors));
            if (row is { Domain.Length: 0, Name.Length: 0, OwnerId: null })
            {
                continue;
            }

            var normalised = Validate(row, reps, errors, prefix: "");
            if (normalised is not null && !seen.TryAdd(normalised.Domain, line))
            {
                errors.Add("domain", $"'{normalised.Domain}' is already on line {seen[normalised.Domain]}.");
            }

            if (!errors.IsEmpty)
            {
                Report(problems, $"Line {line}: " + string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            }
            else
            {
                accounts.Add(normalised!);
            }
        }

        while (malformed.TryDequeue(out var bad))
        {
            Report(problems, $"Line {bad.LineNumber}: could not be read (check its quotes).");
        }

        return (accounts, problems);
    }

    private static void Report(List<string> problems, string problem)
    {
        if (problems.Count < MaxReportedErrors)
        {
            problems.Add(problem);
        }
        else if (problems.Count == MaxReportedErrors)
        {
            problems.Add("… and more; fix these first.");
        }
    }

    private static bool ReadFlag(string? cell, bool absent, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return absent;
        }

        switch (cell.ToLowerInvariant())
        {
            case "true" or "yes" or "1" or "x":
                return true;
            case "false" or "no" or "0":
                return false;
            default:
                errors.Add(field, $"'{cell}' is not true or false.");
                return absent;
        }
    }

    /// <summary>The account with its domain normalised, or null with its problems in <paramref name="errors"/>.</summary>
    private static AccountRow? Validate(AccountRow account, IReadOnlySet<string> reps, FieldErrors errors, string prefix)
    {
        var domain = LeadValidator.NormaliseDomain(account.Domain ?? "");
        if (LeadValidator.DomainProblem(account.Domain ?? "") is { } domainProblem)
        {
            errors.Add(prefix + "domain", domainProblem);
        }

        if (string.IsNullOrWhiteSpace(account.Name))
        {
            errors.Add(prefix + "name", "Required.");
        }
        else if (account.Name.Length > MaxNameLength)
        {
            errors.Add(prefix + "name", $"At most {MaxNameLength} characters.");
        }
        else if (TextRules.SingleLineProblem(account.Name) is { } nameProblem)
        {
            errors.Add(prefix + "name", nameProblem);
        }

        if (account.OwnerId is { } ownerText && TextRules.SingleLineProblem(ownerText) is { } ownerProblem)
        {
            errors.Add(prefix + "owner", ownerProblem);
            return null;
        }

        if (account.OwnerId is { } owner && !reps.Contains(owner))
        {
            errors.Add(prefix + "owner", $"'{owner}' is not a rep of the published configuration.");
        }

        return errors.IsEmpty ? account with { Domain = domain, Name = TextRules.Nfc(account.Name.Trim()) } : null;
    }

    private async Task UpsertAsync(LeadRoutingDbContext db, IReadOnlyList<AccountRow> accounts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var chunk in accounts.Chunk(500))
        {
            var domains = chunk.Select(a => a.Domain).ToList();
            var existing = await db.Accounts.Where(a => domains.Contains(a.Domain)).ToDictionaryAsync(a => a.Domain, StringComparer.Ordinal, cancellationToken);
            foreach (var account in chunk)
            {
                if (!existing.TryGetValue(account.Domain, out var entity))
                {
                    entity = new AccountEntity { Domain = account.Domain, Name = account.Name, CreatedAt = now };
                    db.Accounts.Add(entity);
                }

                entity.Name = account.Name;
                entity.OwnerId = account.OwnerId;
                entity.IsNamedAccount = account.IsNamedAccount;
                entity.IsCustomer = account.IsCustomer;
            }
        }
    }

    private async Task<IReadOnlySet<string>> PublishedRepsAsync(CancellationToken cancellationToken)
    {
        var published = await configurations.CurrentAsync(cancellationToken);
        return published.Engine.Organisation.Reps.Select(r => r.Id.Value).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<char> SeparatorAsync(Stream csv, CancellationToken cancellationToken)
    {
        var start = csv.Position;
        string? header;
        using (var text = new StreamReader(csv, leaveOpen: true))
        {
            header = await text.ReadLineAsync(cancellationToken);
        }

        csv.Position = start;
        return header is not null && header.Contains(';', StringComparison.Ordinal) && !header.Contains(',', StringComparison.Ordinal) ? ';' : ',';
    }

    private static bool MayEdit(SignedInUser? user) => user?.Roles.Contains(LeadRoutingRoles.Ops) == true;

    private static string Flags(AccountRow account) =>
        (account.IsNamedAccount ? ", named account" : "") + (account.IsCustomer ? ", customer" : "");

    private AuditEventEntity Audit(SignedInUser user, string type, string detail) =>
        new() { At = time.GetUtcNow(), Actor = user.Email, Type = type, Detail = detail };
}

public sealed record AccountRow(string Domain, string Name, string? OwnerId, bool IsNamedAccount, bool IsCustomer);

public sealed record AccountPage(IReadOnlyList<AccountRow> Items, int Total);

public sealed record AccountResult(bool Succeeded, IReadOnlyDictionary<string, string[]> Errors, IReadOnlyList<string> Problems)
{
    public static readonly AccountResult Done = new(true, new Dictionary<string, string[]>(), []);
    public static readonly AccountResult Forbidden = new(false, new Dictionary<string, string[]>(), ["Only Ops may change named accounts."]);
}

public sealed record AccountImportResult(int Imported, IReadOnlyList<string> Problems);
