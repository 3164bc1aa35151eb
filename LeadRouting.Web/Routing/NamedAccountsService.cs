using System.Globalization;
using CsvHelper;
using LeadRouting.Core.Import;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;

namespace LeadRouting.Web.Routing;

/// <summary>
/// Named accounts and customers (DESIGN.md §2.2): a company domain with an owner who gets every lead of that company.
/// They are live data, not part of the versioned configuration — routing itself adds owners when it hands an
/// Enterprise account to a senior rep — so Ops edit them directly: a change applies to the next lead and is audited.
/// Only Ops may change them (checked here, on the server); owners must be reps of the published configuration.
/// Accounts keep the company's firmographics (industry, employees, country, parent account), which a lead of the
/// company that lacks them takes before routing.
/// </summary>
/// <remarks>
/// A CSV import reads the import's own columns or a CRM's account export as it comes (<see cref="AccountHeaders"/>):
/// the website is reduced to its domain, the owner is a rep id, email or exact name, flags are Y/N, yes/no, ja/nein.
/// By default it is all or nothing (<see cref="AccountImportOptions.Atomic"/>): every row is checked first and, if any
/// row is wrong, nothing is stored and every bad row is reported with its line (an unknown owner once, with the lines
/// that name it and the valid reps); otherwise all rows are upserted by domain in one transaction and the answer says
/// what changed (<see cref="AccountImportDiff"/>). A partial import (<c>Atomic = false</c>) stores the good rows the
/// same way and reports the bad ones (<see cref="AccountImportResult.Rejected"/>); a row with an unknown owner is one
/// of them, never stored without its owner. Numbers (employees) are read in the import's locale, by the lead import's
/// <see cref="CsvNumberFormat"/>.
/// A row without a website is skipped with a warning (it could never match a lead), and so is nothing else.
/// A column the file does not have leaves the stored value as it is, so a second export with fewer columns does
/// not wipe what the first one brought.
/// </remarks>
public sealed class NamedAccountsService(IDbContextFactory<LeadRoutingDbContext> dbFactory, ConfigurationStore configurations, TimeProvider time, AccountMatcherIndex matcherIndex)
{
    public const int MaxImportRows = 50_000;
    public const long MaxImportBytes = 5 * 1024 * 1024;
    public const int MaxNameLength = 256;

    /// <summary>The import's own column names, matched like every recognised header; domain and name are required.</summary>
    public static IReadOnlyList<string> Columns => AccountHeaders.OwnNames;

    private const int MaxReportedErrors = 50;
    private const int MaxListed = 50;

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
            .Select(a => new AccountRow(a.Domain, a.Name, a.OwnerId, a.IsNamedAccount, a.IsCustomer)
            {
                Industry = a.Industry,
                Employees = a.Employees,
                Country = a.Country,
                ParentAccount = a.ParentAccount,
            })
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
        var owners = await OwnersAsync(cancellationToken);
        var ownerId = account.OwnerId;
        if (ownerId is not null && TextRules.SingleLineProblem(ownerId) is null)
        {
            if (owners.Find(ownerId, out var ownerProblem) is { } rep)
            {
                ownerId = rep.Id.Value;
            }
            else
            {
                errors.Add("owner", ownerProblem!);
            }
        }

        var normalised = Validate(account with { OwnerId = ownerId }, errors);
        if (!errors.IsEmpty)
        {
            return new AccountResult(false, errors.ToDictionary().AsReadOnly(), []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await UpsertAsync(db, [normalised!], AllColumns, cancellationToken);
        db.AuditEvents.Add(Audit(user!, "AccountChanged", $"{normalised!.Domain}: owner {normalised.OwnerId ?? "none"}{Flags(normalised)}."));
        await db.SaveChangesAsync(cancellationToken);
        matcherIndex.Invalidate();
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
        matcherIndex.Invalidate();
        return AccountResult.Done;
    }

    /// <summary>Imports a CSV file (seekable stream) in UTF-8 or a detected charset; see the class remarks for the all-or-nothing rule.</summary>
    public Task<AccountImportResult> ImportAsync(SignedInUser? user, Stream csv, CancellationToken cancellationToken) =>
        ImportAsync(user, csv, charset: null, cancellationToken);

    /// <summary>Imports a CSV file for a signed-in person, who must be Ops, all or nothing; <paramref name="charset"/> as for <see cref="ImportAsAsync"/>.</summary>
    public Task<AccountImportResult> ImportAsync(SignedInUser? user, Stream csv, string? charset, CancellationToken cancellationToken) =>
        ImportAsync(user, csv, charset, AccountImportOptions.Default, cancellationToken);

    /// <summary>Imports a CSV file for a signed-in person, who must be Ops; see the class remarks.</summary>
    public Task<AccountImportResult> ImportAsync(SignedInUser? user, Stream csv, string? charset, AccountImportOptions options, CancellationToken cancellationToken) =>
        MayEdit(user)
            ? ImportAsAsync(user!.Email, csv, charset, options, cancellationToken)
            : Task.FromResult(new AccountImportResult(0, ["Only Ops may change named accounts."]));

    /// <summary>
    /// Imports a CSV file (seekable stream) in the name of <paramref name="actor"/>, whose right to do so the caller
    /// checked (a person's Ops role, an API key's admin scope); see the class remarks for <paramref name="options"/>.
    /// <paramref name="charset"/> is the file's declared charset, or null to take UTF-8 or detect it
    /// (<see cref="CsvCharset"/>: a file whose charset cannot be told is refused, never stored garbled).
    /// </summary>
    public async Task<AccountImportResult> ImportAsAsync(string actor, Stream csv, string? charset, AccountImportOptions options, CancellationToken cancellationToken)
    {
        await using var text = await CsvCharset.ReadAsync(csv, charset, cancellationToken);
        if (text.Problem is { } charsetProblem)
        {
            return new AccountImportResult(0, [$"{charsetProblem.Title} {charsetProblem.Reason} Save the file as UTF-8, or choose its character set beside the upload."]);
        }

        var file = await ReadAsync(text.Utf8!, await OwnersAsync(cancellationToken), options.Numbers, cancellationToken);
        if (file.Problems.Count > 0 && (options.Atomic || file.Unreadable))
        {
            return new AccountImportResult(0, file.Problems) { IgnoredColumns = file.IgnoredColumns, Rejected = file.RejectedLines.Count };
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var diff = await UpsertAsync(db, file.Accounts, file.Present, cancellationToken);
        var warnings = new List<string>(file.Warnings);
        warnings.AddRange(await SameNameWarningsAsync(db, file.Accounts, cancellationToken));
        if (diff.Changed > 0)
        {
            db.AuditEvents.Add(new AuditEventEntity
            {
                At = time.GetUtcNow(),
                Actor = actor,
                Type = "AccountsImported",
                Detail = $"{file.Accounts.Count} accounts imported from CSV: {diff.Describe()}" +
                    (file.RejectedLines.Count > 0 ? $"; {file.RejectedLines.Count} rows rejected." : "."),
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            matcherIndex.Invalidate();
        }

        return new AccountImportResult(file.Accounts.Count, [])
        {
            Diff = diff,
            Warnings = warnings,
            IgnoredColumns = file.IgnoredColumns,
            Rejected = file.RejectedLines.Count,
            RowErrors = file.Problems,
        };
    }

    private static readonly IReadOnlySet<AccountColumn> AllColumns = Enum.GetValues<AccountColumn>().ToHashSet();

    private static async Task<AccountFile> ReadAsync(Stream csv, RepOwners owners, CsvNumberFormat numbers, CancellationToken cancellationToken)
    {
        var file = new AccountFile();
        var problems = file.Problems;
        var malformed = new Queue<CsvMalformedRecord>();
        var separator = await CsvUpload.SeparatorAsync(csv, cancellationToken);
        await using var reader = CsvReader.Create(csv, CsvUpload.Options(separator, malformed), leaveOpen: true);

        await reader.ReadHeaderAsync(cancellationToken);
        if (reader.Headers is not { Count: > 0 } headers || headers.All(string.IsNullOrWhiteSpace))
        {
            problems.Add("The file is empty: the first line must name the columns " + string.Join(", ", Columns) + ".");
            file.Unreadable = true;
            return file;
        }

        var index = new Dictionary<AccountColumn, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i]?.Trim() ?? "";
            if (AccountHeaders.Recognise(name) is not { } column)
            {
                file.IgnoredColumns.Add(name);
            }
            else if (!index.TryAdd(column, i))
            {
                problems.Add($"Line 1: column '{name}' is the {Describe(column)} column again ('{headers[index[column]]?.Trim()}' is already read as it); remove one.");
            }
        }

        foreach (var (required, label) in new[] { (AccountColumn.Domain, "domain (or Website)"), (AccountColumn.Name, "name (or Account Name)") })
        {
            if (!index.ContainsKey(required))
            {
                problems.Add($"Line 1: the column {label} is missing. Columns read: {string.Join(", ", Columns)} and their Salesforce, HubSpot and German labels.");
            }
        }

        if (problems.Count > 0)
        {
            file.Unreadable = true;
            return file;
        }

        file.Present.UnionWith(index.Keys);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var unknownOwners = new Dictionary<string, (string Problem, List<long> Lines)>(StringComparer.OrdinalIgnoreCase);
        var withoutWebsite = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            while (malformed.TryDequeue(out var bad))
            {
                Report(problems, $"Line {bad.LineNumber}: could not be read (check its quotes).");
                file.RejectedLines.Add(bad.LineNumber);
            }

            var line = reader.LineNumber;
            string? Cell(AccountColumn column) =>
                index.TryGetValue(column, out var i) && i < reader.FieldCount && reader.GetString(i)?.Trim() is { Length: > 0 } value ? value : null;
            if (file.Accounts.Count >= MaxImportRows)
            {
                Report(problems, $"The file has more than {MaxImportRows} rows; split it.");
                file.Unreadable = true;
                break;
            }

            if (index.Keys.All(c => Cell(c) is null))
            {
                continue;
            }

            if (Cell(AccountColumn.Domain) is null && Cell(AccountColumn.Name) is not null)
            {
                withoutWebsite.Add(line);
                continue;
            }

            var errors = new FieldErrors();
            var domain = "";
            if (Cell(AccountColumn.Domain) is { } website)
            {
                domain = WebsiteDomains.Read(website, out var websiteProblem) ?? "";
                if (websiteProblem is not null)
                {
                    errors.Add("domain", websiteProblem);
                }
            }
            else
            {
                errors.Add("domain", "Required.");
            }

            string? ownerId = null;
            var unknownOwner = false;
            if (Cell(AccountColumn.Owner) is { } ownerText)
            {
                if (TextRules.SingleLineProblem(ownerText) is { } ownerTextProblem)
                {
                    errors.Add("owner", ownerTextProblem);
                }
                else if (owners.Find(ownerText, out var ownerProblem) is { } rep)
                {
                    ownerId = rep.Id.Value;
                }
                else
                {
                    // Listed once per owner below, with every line that names it: an export names the same person many times.
                    if (!unknownOwners.TryGetValue(ownerText, out var unknown))
                    {
                        unknownOwners[ownerText] = unknown = (ownerProblem!, []);
                    }

                    unknown.Lines.Add(line);
                    unknownOwner = true;
                }
            }

            int? employees = null;
            if (Cell(AccountColumn.Employees) is { } employeesText)
            {
                employees = numbers.ReadCount(employeesText, out var employeesProblem)?.Value;
                if (employeesProblem is not null)
                {
                    errors.Add("employees", employeesProblem);
                }
            }

            string? country = null;
            if (Cell(AccountColumn.Country) is { } countryText)
            {
                country = CountryNames.Read(countryText, out var countryProblem);
                if (countryProblem is not null)
                {
                    errors.Add("country", countryProblem);
                }
            }

            var row = new AccountRow(
                domain,
                Cell(AccountColumn.Name) ?? "",
                ownerId,
                ReadFlag(Cell(AccountColumn.NamedAccount), index.ContainsKey(AccountColumn.NamedAccount), absent: true, "namedAccount", errors),
                ReadFlag(Cell(AccountColumn.Customer), index.ContainsKey(AccountColumn.Customer), absent: false, "customer", errors))
            {
                Industry = Cell(AccountColumn.Industry),
                Employees = employees,
                Country = country,
                ParentAccount = Cell(AccountColumn.ParentAccount),
            };

            var normalised = errors.Contains("domain") ? null : Validate(row, errors);
            if (normalised is not null && !seen.TryAdd(normalised.Domain, line))
            {
                errors.Add("domain", $"'{normalised.Domain}' is already on line {seen[normalised.Domain]}.");
            }

            if (!errors.IsEmpty)
            {
                Report(problems, $"Line {line}: " + string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
                file.RejectedLines.Add(line);
            }
            else if (unknownOwner)
            {
                // Reported with its owner below; stored without it, the account would lose the owner it has.
                file.RejectedLines.Add(line);
            }
            else if (normalised is not null)
            {
                file.Accounts.Add(normalised);
            }
        }

        while (malformed.TryDequeue(out var bad))
        {
            Report(problems, $"Line {bad.LineNumber}: could not be read (check its quotes).");
            file.RejectedLines.Add(bad.LineNumber);
        }

        foreach (var (_, (problem, lines)) in unknownOwners)
        {
            Report(problems, $"Owner {problem} {Lines(lines)}");
        }

        if (unknownOwners.Count > 0)
        {
            problems.Add($"An owner is a rep's id, email or exact name. The reps are: {owners.Describe()}.");
        }

        if (withoutWebsite.Count > 0)
        {
            file.Warnings.Add($"{withoutWebsite.Count} {(withoutWebsite.Count == 1 ? "row has" : "rows have")} a name but no website, so no lead could match them; skipped. {Lines(withoutWebsite)}");
        }

        return file;
    }

    private static string Lines(List<long> lines) =>
        (lines.Count == 1 ? "Line " : "Lines ") + string.Join(", ", lines.Take(10)) + (lines.Count > 10 ? $" and {lines.Count - 10} more" : "") + ".";

    private static string Describe(AccountColumn column) => AccountHeaders.OwnNames[(int)column];

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

    /// <summary>
    /// A flag cell as exports write it (<see cref="ExportFlags"/>: Y/N, yes/no, ja/nein, x and empty); a file without
    /// the column gets <paramref name="absent"/> — named account for an import of named accounts, not a customer.
    /// </summary>
    private static bool ReadFlag(string? cell, bool hasColumn, bool absent, string field, FieldErrors errors)
    {
        if (!hasColumn)
        {
            return absent;
        }

        var flag = ExportFlags.Read(cell ?? "", out var problem);
        if (problem is not null)
        {
            errors.Add(field, problem);
        }

        return flag ?? absent;
    }

    /// <summary>The account with its domain and texts normalised, or null with its problems in <paramref name="errors"/>.</summary>
    private static AccountRow? Validate(AccountRow account, FieldErrors errors)
    {
        var domain = LeadValidator.NormaliseDomain(account.Domain ?? "");
        if (LeadValidator.DomainProblem(account.Domain ?? "") is { } domainProblem)
        {
            errors.Add("domain", domainProblem);
        }

        var name = Text("name", account.Name, errors);
        if (string.IsNullOrWhiteSpace(account.Name))
        {
            errors.Add("name", "Required.");
        }

        if (account.OwnerId is { } ownerText && TextRules.SingleLineProblem(ownerText) is { } ownerProblem && !errors.Contains("owner"))
        {
            errors.Add("owner", ownerProblem);
        }

        if (account.Employees is < 0)
        {
            errors.Add("employees", "Must be 0 or more.");
        }

        string? country = null;
        if (!string.IsNullOrWhiteSpace(account.Country))
        {
            country = CountryNames.Read(account.Country, out var countryProblem);
            if (countryProblem is not null)
            {
                errors.Add("country", countryProblem);
            }
        }

        var normalised = account with
        {
            Domain = domain,
            Name = name ?? "",
            Industry = Text("industry", account.Industry, errors),
            ParentAccount = Text("parentAccount", account.ParentAccount, errors),
            Country = country,
        };

        return errors.IsEmpty ? normalised : null;
    }

    /// <summary>A single-line text of at most <see cref="MaxNameLength"/> characters, trimmed and NFC; null when empty.</summary>
    private static string? Text(string field, string? text, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Length > MaxNameLength)
        {
            errors.Add(field, $"At most {MaxNameLength} characters.");
        }
        else if (TextRules.SingleLineProblem(text) is { } problem)
        {
            errors.Add(field, problem);
        }

        return TextRules.Nfc(text.Trim());
    }

    /// <summary>Upserts by domain; columns not in <paramref name="present"/> keep an existing account's stored value.</summary>
    private async Task<AccountImportDiff> UpsertAsync(LeadRoutingDbContext db, IReadOnlyList<AccountRow> accounts, IReadOnlySet<AccountColumn> present, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var diff = new AccountImportDiff();
        foreach (var chunk in accounts.Chunk(500))
        {
            var domains = chunk.Select(a => a.Domain).ToList();
            var existing = await db.Accounts.Where(a => domains.Contains(a.Domain)).ToDictionaryAsync(a => a.Domain, StringComparer.Ordinal, cancellationToken);
            foreach (var account in chunk)
            {
                var created = !existing.TryGetValue(account.Domain, out var entity);
                if (created)
                {
                    entity = new AccountEntity { Domain = account.Domain, Name = account.Name, CreatedAt = now };
                    db.Accounts.Add(entity);
                }

                var before = created ? null : Row(entity!);
                var stored = entity!;
                stored.Name = account.Name;
                if (created || present.Contains(AccountColumn.Owner))
                {
                    stored.OwnerId = account.OwnerId;
                }

                if (created || present.Contains(AccountColumn.NamedAccount))
                {
                    stored.IsNamedAccount = account.IsNamedAccount;
                }

                if (created || present.Contains(AccountColumn.Customer))
                {
                    stored.IsCustomer = account.IsCustomer;
                }

                if (present.Contains(AccountColumn.Industry))
                {
                    stored.Industry = account.Industry;
                }

                if (present.Contains(AccountColumn.Employees))
                {
                    stored.Employees = account.Employees;
                }

                if (present.Contains(AccountColumn.Country))
                {
                    stored.Country = account.Country;
                }

                if (present.Contains(AccountColumn.ParentAccount))
                {
                    stored.ParentAccount = account.ParentAccount;
                }

                diff.Add(before, Row(stored));
            }
        }

        return diff;
    }

    /// <summary>
    /// Two accounts with one name on different domains are often one company under two websites (a country site, an old
    /// domain), and a lead matches by domain only — so its leads would split between owners. Warned, not refused: they
    /// may also be two companies.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SameNameWarningsAsync(LeadRoutingDbContext db, IReadOnlyList<AccountRow> imported, CancellationToken cancellationToken)
    {
        var names = imported.Select(a => NameKey(a.Name)).ToHashSet(StringComparer.Ordinal);
        var stored = await db.Accounts.AsNoTracking().Select(a => new { a.Domain, a.Name }).ToListAsync(cancellationToken);
        var byName = stored
            .Select(a => (a.Domain, a.Name))
            .Concat(db.ChangeTracker.Entries<AccountEntity>().Where(e => e.State == EntityState.Added).Select(e => (e.Entity.Domain, e.Entity.Name)))
            .DistinctBy(a => a.Domain)
            .Where(a => names.Contains(NameKey(a.Name)))
            .GroupBy(a => NameKey(a.Name), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var warnings = byName.Take(MaxListed)
            .Select(g => $"'{g.First().Name}' is the name of {g.Count()} accounts on different domains ({string.Join(", ", g.Select(a => a.Domain).Order(StringComparer.Ordinal))}): " +
                "leads match by domain, so if this is one company its leads may go to different owners.")
            .ToList();
        if (byName.Count > MaxListed)
        {
            warnings.Add($"… and {byName.Count - MaxListed} more names shared by several domains.");
        }

        return warnings;
    }

    private static string NameKey(string name) => name.Trim().ToUpperInvariant();

    private static AccountRow Row(AccountEntity entity) => new(entity.Domain, entity.Name, entity.OwnerId, entity.IsNamedAccount, entity.IsCustomer)
    {
        Industry = entity.Industry,
        Employees = entity.Employees,
        Country = entity.Country,
        ParentAccount = entity.ParentAccount,
    };

    private async Task<RepOwners> OwnersAsync(CancellationToken cancellationToken)
    {
        var published = await configurations.CurrentAsync(cancellationToken);
        return new RepOwners(published.Engine.Configuration.Organisation.Reps);
    }

    private static bool MayEdit(SignedInUser? user) => user?.Roles.Contains(LeadRoutingRoles.Ops) == true;

    private static string Flags(AccountRow account) =>
        (account.IsNamedAccount ? ", named account" : "") + (account.IsCustomer ? ", customer" : "");

    private AuditEventEntity Audit(SignedInUser user, string type, string detail) =>
        new() { At = time.GetUtcNow(), Actor = user.Email, Type = type, Detail = detail };

    /// <summary>What a read file holds: the valid accounts, or the problems; the columns it has and those it ignores.</summary>
    private sealed class AccountFile
    {
        public List<AccountRow> Accounts { get; } = [];
        public List<string> Problems { get; } = [];
        public List<string> Warnings { get; } = [];
        public List<string> IgnoredColumns { get; } = [];
        public HashSet<AccountColumn> Present { get; } = [];

        /// <summary>The lines refused (bad values, unknown owners, unreadable quoting): left out of a partial import.</summary>
        public HashSet<long> RejectedLines { get; } = [];

        /// <summary>The file as a whole cannot be imported (no header, a missing column, too many rows), partial or not.</summary>
        public bool Unreadable { get; set; }
    }
}

/// <summary>
/// How an account import reads and stores its file: all or nothing (<see cref="Atomic"/>, the default: one bad row and
/// nothing is stored) or partial (the good rows stored, the bad ones reported), and the numbers' locale.
/// </summary>
public sealed record AccountImportOptions
{
    public static AccountImportOptions Default { get; } = new();

    public bool Atomic { get; init; } = true;

    public CsvNumberFormat Numbers { get; init; } = CsvNumberFormat.Invariant;
}

public sealed record AccountRow(string Domain, string Name, string? OwnerId, bool IsNamedAccount, bool IsCustomer)
{
    public string? Industry { get; init; }
    public int? Employees { get; init; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; init; }

    public string? ParentAccount { get; init; }
}

public sealed record AccountPage(IReadOnlyList<AccountRow> Items, int Total);

public sealed record AccountResult(bool Succeeded, IReadOnlyDictionary<string, string[]> Errors, IReadOnlyList<string> Problems)
{
    public static readonly AccountResult Done = new(true, new Dictionary<string, string[]>(), []);
    public static readonly AccountResult Forbidden = new(false, new Dictionary<string, string[]>(), ["Only Ops may change named accounts."]);
}

/// <summary>
/// An import's answer: how many rows were read, or the problems (then nothing was stored); what changed; warnings that
/// did not stop it; the columns of the file it did not read.
/// </summary>
public sealed record AccountImportResult(int Imported, IReadOnlyList<string> Problems)
{
    /// <summary>Rows refused: with <see cref="Problems"/> (nothing stored) or, in a partial import, with <see cref="RowErrors"/> (the others stored).</summary>
    public int Rejected { get; init; }

    /// <summary>A partial import's reasons for its rejected rows, by line; the good rows were stored.</summary>
    public IReadOnlyList<string> RowErrors { get; init; } = [];

    public AccountImportDiff? Diff { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
}

/// <summary>An owner change of one account: the rep ids before and after (null: no owner).</summary>
public sealed record AccountOwnerChange(string Domain, string Name, string? From, string? To);

/// <summary>What a re-import changed, account by account: created, updated, owner changed (an update too, listed apart because it moves leads), unchanged.</summary>
public sealed class AccountImportDiff
{
    private readonly List<AccountRow> _created = [];
    private readonly List<AccountRow> _updated = [];
    private readonly List<AccountOwnerChange> _ownerChanged = [];

    public IReadOnlyList<AccountRow> Created => _created;

    /// <summary>Accounts whose name, flags or firmographics changed but not their owner.</summary>
    public IReadOnlyList<AccountRow> Updated => _updated;

    public IReadOnlyList<AccountOwnerChange> OwnerChanged => _ownerChanged;

    public int Unchanged { get; private set; }

    public int Changed => _created.Count + _updated.Count + _ownerChanged.Count;

    internal void Add(AccountRow? before, AccountRow after)
    {
        if (before is null)
        {
            _created.Add(after);
        }
        else if (before.OwnerId != after.OwnerId)
        {
            _ownerChanged.Add(new AccountOwnerChange(after.Domain, after.Name, before.OwnerId, after.OwnerId));
        }
        else if (before != after)
        {
            _updated.Add(after);
        }
        else
        {
            Unchanged++;
        }
    }

    /// <summary>"2 created, 1 updated, 1 owner changed, 5 unchanged".</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{_created.Count} created, {_updated.Count} updated, {_ownerChanged.Count} owner changed, {Unchanged} unchanged");
}
