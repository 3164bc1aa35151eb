using System.Globalization;
using CsvHelper;
using LeadRouting.Core.Import;
using LeadRouting.Core.Routing.Matching;
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
/// <para>
/// Domain aliases (issue 19; <see cref="AccountRow.DomainAliases"/>, the CSV column <c>aliases</c>, separated by <c>;</c>,
/// <c>|</c>, <c>,</c> or spaces): each a domain or website, not free mail, not a public suffix, not the account's own
/// domain, and no other account's domain or alias (the error names that account). A write that carries aliases replaces
/// the account's aliases (an empty cell removes them); a file without the column keeps them. Every write invalidates
/// <see cref="AccountMatcherIndex"/>, which is where routing finds an account by alias.
/// </para>
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

    /// <summary>One page of accounts, by domain; <paramref name="search"/> matches domain, name, owner id or a domain alias.</summary>
    public async Task<AccountPage> PageAsync(string? search, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Accounts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(a => a.Domain.Contains(term) || a.Name.ToLower().Contains(term) || (a.OwnerId != null && a.OwnerId.Contains(term))
                || a.Aliases.Any(x => x.Alias.Contains(term)));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(a => a.Domain).Skip(skip).Take(Math.Clamp(take, 1, 500))
            .Select(a => new AccountRow(a.Domain, a.Name, a.OwnerId, a.IsNamedAccount, a.IsCustomer)
            {
                Industry = a.Industry,
                Employees = a.Employees,
                Country = a.Country,
                ParentAccount = a.ParentAccount,
                DomainAliases = a.Aliases.OrderBy(x => x.Alias).Select(x => x.Alias).ToList(),
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
        var rules = await RulesAsync(cancellationToken);
        var owners = rules.Owners;
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

        var normalised = Validate(account with { OwnerId = ownerId }, rules, errors);
        if (!errors.IsEmpty)
        {
            return new AccountResult(false, errors.ToDictionary().AsReadOnly(), []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var taken = await DomainConflictsAsync(db, [normalised!], writesAliases: true, cancellationToken);
        if (!taken[0].IsEmpty)
        {
            return new AccountResult(false, taken[0].ToDictionary().AsReadOnly(), []);
        }

        var diff = await UpsertAsync(db, [normalised!], AllColumns, cancellationToken);
        db.AuditEvents.Add(Audit(user!, "AccountChanged", $"{normalised!.Domain}: owner {normalised.OwnerId ?? "none"}{Flags(normalised)}{AliasAudit(normalised, diff)}."));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var aliases = await db.AccountDomainAliases.Where(x => x.AccountDomain == domain).OrderBy(x => x.Alias).Select(x => x.Alias).ToListAsync(cancellationToken);

        // The foreign key cascades too; deleting them here does not depend on the connection enforcing it.
        await db.AccountDomainAliases.Where(x => x.AccountDomain == domain).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Accounts.Where(a => a.Domain == domain).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return new AccountResult(false, new Dictionary<string, string[]> { ["domain"] = [$"There is no account '{domain}'."] }, []);
        }

        db.AuditEvents.Add(Audit(user!, "AccountDeleted", aliases.Count == 0 ? $"{domain} deleted." : $"{domain} deleted, with its domain aliases {string.Join(", ", aliases)}."));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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

        var file = await ReadAsync(text.Utf8!, await RulesAsync(cancellationToken), options.Numbers, cancellationToken);
        if (file.Unreadable)
        {
            return new AccountImportResult(0, file.Problems) { IgnoredColumns = file.IgnoredColumns, Rejected = file.RejectedLines.Count };
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Domains and aliases taken by other accounts are checked against the stored ones inside the import's
        // transaction, and reported with their lines like every other bad value.
        var conflicts = await DomainConflictsAsync(db, file.Accounts, file.Present.Contains(AccountColumn.DomainAliases), cancellationToken);
        foreach (var (i, errors) in conflicts.Select((e, i) => (i, e)).Where(c => !c.e.IsEmpty))
        {
            Report(file.Problems, $"Line {file.Lines[i]}: " + string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            file.RejectedLines.Add(file.Lines[i]);
        }

        if (file.Problems.Count > 0 && options.Atomic)
        {
            return new AccountImportResult(0, file.Problems) { IgnoredColumns = file.IgnoredColumns, Rejected = file.RejectedLines.Count };
        }

        file.Keep(conflicts.Select(c => c.IsEmpty).ToList());
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

    private static async Task<AccountFile> ReadAsync(Stream csv, AccountRules rules, CsvNumberFormat numbers, CancellationToken cancellationToken)
    {
        var owners = rules.Owners;
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
                DomainAliases = DomainAliasList.Split(Cell(AccountColumn.DomainAliases)),
            };

            var normalised = errors.Contains("domain") ? null : Validate(row, rules, errors);
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
                file.Lines.Add(line);
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
    private static AccountRow? Validate(AccountRow account, AccountRules rules, FieldErrors errors)
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
            DomainAliases = Aliases(domain, account.DomainAliases, rules, errors),
        };

        return errors.IsEmpty ? normalised : null;
    }

    /// <summary>
    /// The aliases as stored: each a domain (a website is reduced to its domain, an IDN written in Punycode), sorted, each
    /// once; refused with the value named when it is not a domain, a public suffix (<c>co.uk</c>), a free-mail domain of
    /// the published intake policy (every private address would match the account), or the account's own domain.
    /// Whether another account has it is checked against the database (<see cref="DomainConflictsAsync"/>).
    /// </summary>
    private static IReadOnlyList<string> Aliases(string domain, IReadOnlyList<string> entered, AccountRules rules, FieldErrors errors)
    {
        var aliases = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in entered.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            if (WebsiteDomains.Read(text, out var problem) is not { } alias)
            {
                errors.Add(AliasField, problem!);
            }
            else if (alias == domain)
            {
                errors.Add(AliasField, $"'{alias}' is the account's own domain.");
            }
            else if (rules.IsFreeMail(alias))
            {
                errors.Add(AliasField, $"'{alias}' is a free-mail domain: every lead writing from it would go to this account.");
            }
            else if (PublicSuffixList.Default.RegistrableDomain(alias) is null)
            {
                errors.Add(AliasField, $"'{alias}' is a public suffix that many companies register under, not a company's domain.");
            }
            else
            {
                aliases.Add(alias);
            }
        }

        if (aliases.Count > DomainAliasList.MaxAliases)
        {
            errors.Add(AliasField, $"At most {DomainAliasList.MaxAliases} aliases (got {aliases.Count}).");
        }

        return [.. aliases];
    }

    /// <summary>
    /// What each of <paramref name="accounts"/> would take from another account, as field errors (empty: nothing): an
    /// alias that is another account's domain or alias — stored, or given by another row — and a domain that is
    /// another account's alias, each naming that account. A stored account that <paramref name="accounts"/> rewrite
    /// (<paramref name="writesAliases"/>) gives up the aliases its row no longer lists, so moving an alias from one
    /// account to another in one file works. Read in the caller's transaction.
    /// </summary>
    private static async Task<List<FieldErrors>> DomainConflictsAsync(LeadRoutingDbContext db, IReadOnlyList<AccountRow> accounts, bool writesAliases, CancellationToken cancellationToken)
    {
        var result = accounts.Select(_ => new FieldErrors()).ToList();
        var rowOfDomain = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowOfAlias = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < accounts.Count; i++)
        {
            rowOfDomain.TryAdd(accounts[i].Domain, i);
            if (writesAliases)
            {
                foreach (var alias in accounts[i].DomainAliases)
                {
                    rowOfAlias.TryAdd(alias, i);
                }
            }
        }

        // What is stored under the domains the rows hold: aliases of other accounts, and accounts with an alias's domain.
        var storedAlias = new Dictionary<string, string>(StringComparer.Ordinal);
        var storedAccount = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in rowOfDomain.Keys.Concat(rowOfAlias.Keys).Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var hit in await db.AccountDomainAliases.AsNoTracking().Where(x => chunk.Contains(x.Alias)).Select(x => new { x.Alias, x.AccountDomain }).ToListAsync(cancellationToken))
            {
                storedAlias[hit.Alias] = hit.AccountDomain;
            }
        }

        foreach (var chunk in rowOfAlias.Keys.Concat(storedAlias.Values).Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var hit in await db.Accounts.AsNoTracking().Where(a => chunk.Contains(a.Domain)).Select(a => new { a.Domain, a.Name }).ToListAsync(cancellationToken))
            {
                storedAccount[hit.Domain] = hit.Name;
            }
        }

        string Named(string domain) =>
            rowOfDomain.TryGetValue(domain, out var row) ? $"'{accounts[row].Name}' ({domain})"
            : storedAccount.TryGetValue(domain, out var name) ? $"'{name}' ({domain})"
            : $"'{domain}'";

        // A stored alias stays with its account unless this write replaces that account's aliases.
        bool StillAliasOf(string alias, out string owner) =>
            storedAlias.TryGetValue(alias, out owner!) && !(writesAliases && rowOfDomain.ContainsKey(owner));

        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            if (StillAliasOf(account.Domain, out var aliasOwner) && aliasOwner != account.Domain)
            {
                result[i].Add("domain", $"'{account.Domain}' is a domain alias of account {Named(aliasOwner)}; remove it there first.");
            }

            if (!writesAliases)
            {
                continue;
            }

            foreach (var alias in account.DomainAliases)
            {
                if (rowOfDomain.TryGetValue(alias, out var other) && other != i)
                {
                    result[i].Add(AliasField, $"'{alias}' is the domain of account {Named(alias)}.");
                }
                else if (storedAccount.ContainsKey(alias) && !rowOfDomain.ContainsKey(alias))
                {
                    result[i].Add(AliasField, $"'{alias}' is the domain of account {Named(alias)}.");
                }
                else if (rowOfAlias[alias] != i)
                {
                    result[i].Add(AliasField, $"'{alias}' is also given as an alias of account {Named(accounts[rowOfAlias[alias]].Domain)}.");
                }
                else if (StillAliasOf(alias, out var owner) && owner != account.Domain)
                {
                    result[i].Add(AliasField, $"'{alias}' is already a domain alias of account {Named(owner)}.");
                }
            }
        }

        return result;
    }

    /// <summary>"; domain aliases a.com, b.de" for a new account, "; domain aliases: + a.com, − b.de" for a change, else empty.</summary>
    private static string AliasAudit(AccountRow account, AccountImportDiff diff) =>
        diff.Created.Count > 0
            ? account.DomainAliases.Count == 0 ? "" : $"; domain aliases {string.Join(", ", account.DomainAliases)}"
            : diff.AliasesChanged.Count > 0 ? $"; domain aliases: {diff.AliasesChanged[0].Describe()}" : "";

    /// <summary>The field name of an account's domain aliases, in errors and in the API's JSON.</summary>
    public const string AliasField = "domainAliases";

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
        var writesAliases = present.Contains(AccountColumn.DomainAliases);
        var trackedAliases = new Dictionary<string, AccountDomainAliasEntity>(StringComparer.Ordinal);
        var wantedAliases = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var chunk in accounts.Chunk(500))
        {
            var domains = chunk.Select(a => a.Domain).ToList();
            var existing = await db.Accounts.Where(a => domains.Contains(a.Domain)).ToDictionaryAsync(a => a.Domain, StringComparer.Ordinal, cancellationToken);
            var aliasRows = await db.AccountDomainAliases.Where(x => domains.Contains(x.AccountDomain)).ToListAsync(cancellationToken);
            foreach (var alias in aliasRows)
            {
                trackedAliases[alias.Alias] = alias;
            }

            var storedAliases = aliasRows.ToLookup(x => x.AccountDomain, x => x.Alias, StringComparer.Ordinal);
            foreach (var account in chunk)
            {
                var created = !existing.TryGetValue(account.Domain, out var entity);
                if (created)
                {
                    entity = new AccountEntity { Domain = account.Domain, Name = account.Name, CreatedAt = now };
                    db.Accounts.Add(entity);
                }

                IReadOnlyList<string> aliasesBefore = [.. storedAliases[account.Domain].Order(StringComparer.Ordinal)];
                var before = created ? null : Row(entity!) with { DomainAliases = aliasesBefore };
                if (created || writesAliases)
                {
                    wantedAliases[account.Domain] = account.DomainAliases;
                }

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

                diff.Add(before, Row(stored) with { DomainAliases = created || writesAliases ? account.DomainAliases : aliasesBefore });
            }
        }

        await WriteAliasesAsync(db, trackedAliases, wantedAliases, cancellationToken);
        return diff;
    }

    /// <summary>
    /// Gives each account of <paramref name="wanted"/> exactly its aliases: an alias stored for another account of the
    /// write moves (its row is updated, not deleted and inserted, so one alias key is never tracked twice), one no longer
    /// listed goes. <paramref name="tracked"/> holds the stored aliases of the written accounts.
    /// </summary>
    private static async Task WriteAliasesAsync(LeadRoutingDbContext db, Dictionary<string, AccountDomainAliasEntity> tracked, Dictionary<string, IReadOnlyList<string>> wanted, CancellationToken cancellationToken)
    {
        var ownerOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (domain, aliases) in wanted)
        {
            foreach (var alias in aliases)
            {
                ownerOf[alias] = domain;
            }
        }

        foreach (var chunk in ownerOf.Keys.Where(a => !tracked.ContainsKey(a)).Chunk(500))
        {
            foreach (var alias in await db.AccountDomainAliases.Where(x => chunk.Contains(x.Alias)).ToListAsync(cancellationToken))
            {
                tracked[alias.Alias] = alias;
            }
        }

        foreach (var alias in tracked.Values)
        {
            if (ownerOf.TryGetValue(alias.Alias, out var owner))
            {
                alias.AccountDomain = owner;
            }
            else if (wanted.ContainsKey(alias.AccountDomain))
            {
                db.AccountDomainAliases.Remove(alias);
            }
        }

        foreach (var (alias, owner) in ownerOf.Where(o => !tracked.ContainsKey(o.Key)))
        {
            db.AccountDomainAliases.Add(new AccountDomainAliasEntity { Alias = alias, AccountDomain = owner });
        }
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

    private async Task<AccountRules> RulesAsync(CancellationToken cancellationToken)
    {
        var published = await configurations.CurrentAsync(cancellationToken);
        return new AccountRules(new RepOwners(published.Engine.Configuration.Organisation.Reps), published.Engine.Normalizer.IsFreeMail);
    }

    /// <summary>What an account is checked against in the published configuration: its reps (owners) and the free-mail domains.</summary>
    private sealed record AccountRules(RepOwners Owners, Func<string, bool> IsFreeMail);

    private static bool MayEdit(SignedInUser? user) => user?.Roles.Contains(LeadRoutingRoles.Ops) == true;

    private static string Flags(AccountRow account) =>
        (account.IsNamedAccount ? ", named account" : "") + (account.IsCustomer ? ", customer" : "");

    private AuditEventEntity Audit(SignedInUser user, string type, string detail) =>
        new() { At = time.GetUtcNow(), Actor = user.Email, Type = type, Detail = detail };

    /// <summary>What a read file holds: the valid accounts, or the problems; the columns it has and those it ignores.</summary>
    private sealed class AccountFile
    {
        public List<AccountRow> Accounts { get; } = [];

        /// <summary>The line of each of <see cref="Accounts"/>, at the same index.</summary>
        public List<long> Lines { get; } = [];

        public List<string> Problems { get; } = [];
        public List<string> Warnings { get; } = [];
        public List<string> IgnoredColumns { get; } = [];
        public HashSet<AccountColumn> Present { get; } = [];

        /// <summary>The lines refused (bad values, unknown owners, unreadable quoting): left out of a partial import.</summary>
        public HashSet<long> RejectedLines { get; } = [];

        /// <summary>The file as a whole cannot be imported (no header, a missing column, too many rows), partial or not.</summary>
        public bool Unreadable { get; set; }

        /// <summary>Keeps the accounts whose entry in <paramref name="keep"/> is true (a partial import drops the refused ones).</summary>
        public void Keep(IReadOnlyList<bool> keep)
        {
            for (var i = Accounts.Count - 1; i >= 0; i--)
            {
                if (!keep[i])
                {
                    Accounts.RemoveAt(i);
                    Lines.RemoveAt(i);
                }
            }
        }
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

    /// <summary>
    /// The company's other domains (issue 19): a lead from one of them, or from its subdomains, matches the account as its
    /// own domain does. Stored canonical (ASCII, sorted); on input, domains or websites, optional (none when absent).
    /// </summary>
    public IReadOnlyList<string> DomainAliases { get; init; } = [];

    /// <summary>Value equality including <see cref="DomainAliases"/> element by element (a record compares lists by reference).</summary>
    public bool Equals(AccountRow? other) =>
        other is not null
        && (Domain, Name, OwnerId, IsNamedAccount, IsCustomer, Industry, Employees, Country, ParentAccount) ==
           (other.Domain, other.Name, other.OwnerId, other.IsNamedAccount, other.IsCustomer, other.Industry, other.Employees, other.Country, other.ParentAccount)
        && DomainAliases.SequenceEqual(other.DomainAliases, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Domain, Name, OwnerId, IsNamedAccount, IsCustomer, Industry, Employees, HashCode.Combine(Country, ParentAccount, DomainAliases.Count));
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

/// <summary>The domain aliases a write added to and removed from a stored account.</summary>
public sealed record AccountAliasChange(string Domain, string Name, IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    /// <summary>"+ a.com, + b.de, − c.com".</summary>
    public string Describe() => string.Join(", ", Added.Select(a => "+ " + a).Concat(Removed.Select(r => "− " + r)));
}

/// <summary>What a re-import changed, account by account: created, updated, owner changed (an update too, listed apart because it moves leads), unchanged.</summary>
public sealed class AccountImportDiff
{
    private readonly List<AccountRow> _created = [];
    private readonly List<AccountRow> _updated = [];
    private readonly List<AccountOwnerChange> _ownerChanged = [];
    private readonly List<AccountAliasChange> _aliasesChanged = [];

    public IReadOnlyList<AccountRow> Created => _created;

    /// <summary>Accounts whose name, flags or firmographics changed but not their owner.</summary>
    public IReadOnlyList<AccountRow> Updated => _updated;

    public IReadOnlyList<AccountOwnerChange> OwnerChanged => _ownerChanged;

    /// <summary>Stored accounts whose domain aliases changed (each also listed as updated or owner changed); a created account's are in <see cref="Created"/>.</summary>
    public IReadOnlyList<AccountAliasChange> AliasesChanged => _aliasesChanged;

    public int Unchanged { get; private set; }

    public int Changed => _created.Count + _updated.Count + _ownerChanged.Count;

    internal void Add(AccountRow? before, AccountRow after)
    {
        if (before is not null && !before.DomainAliases.SequenceEqual(after.DomainAliases, StringComparer.Ordinal))
        {
            _aliasesChanged.Add(new AccountAliasChange(
                after.Domain,
                after.Name,
                [.. after.DomainAliases.Except(before.DomainAliases, StringComparer.Ordinal)],
                [.. before.DomainAliases.Except(after.DomainAliases, StringComparer.Ordinal)]));
        }

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

    /// <summary>"2 created, 1 updated, 1 owner changed, 5 unchanged", and "; domain aliases changed on 1 account" when they did.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{_created.Count} created, {_updated.Count} updated, {_ownerChanged.Count} owner changed, {Unchanged} unchanged") +
        (_aliasesChanged.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; domain aliases changed on {_aliasesChanged.Count} {(_aliasesChanged.Count == 1 ? "account" : "accounts")}"));
}
