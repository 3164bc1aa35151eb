using LeadRouting.Core.Import;

namespace LeadRouting.Web.Leads;

/// <summary>
/// How an import reads a CRM export (<see cref="CsvLeadReader.Mapping"/>): the user's mapping choices over the
/// suggested mapping (null: the suggestion as it is), the dates as the locale and the team's zone write them, and the
/// table of CRM source wordings. In <see cref="LeadImportMode.History"/> the history columns (owner, status, closedAt,
/// firstTouchAt, lossReason) are read too (<see cref="CsvLeadRow.History"/>); a routed import reports them as ignored.
/// </summary>
public sealed record CsvExportReading(
    IReadOnlyDictionary<string, string?>? Choices, ExportDates Dates, SourceTable Sources, LeadImportMode Mode = LeadImportMode.Route)
{
    /// <summary>The suggested mapping, dates in the numbers' locale and UTC, the default source table.</summary>
    public static CsvExportReading Default(CsvNumberFormat numbers) =>
        new(null, ExportDates.For(numbers.Locale, TimeZoneInfo.Utc), SourceTable.Default);

    public bool ReadsHistory => Mode == LeadImportMode.History;

    /// <summary>
    /// The currency the deal values are in and how they become the organisation's (<see cref="ImportCurrency"/>); null
    /// reads an amount's currency mark and takes it off, as readers made without an organisation did.
    /// </summary>
    public ImportCurrency? Currency { get; init; }
}

/// <summary>
/// What an import did to its deal values' currency (<c>?currency=USD&amp;rate=0.92</c>): from which currency, into
/// which, at what rate, how many values, and the first one as an example ("line 2: 2,448 USD → 2,252.16 EUR").
/// </summary>
public sealed record ImportConversion(string From, string To, decimal Rate, int Values, ConvertedValue? First);

/// <summary>One converted deal value: its line, the amount as the file gave it, and the amount stored.</summary>
public sealed record ConvertedValue(int Line, decimal Original, decimal Converted);

/// <summary>
/// Reads a row's <c>estimatedDealSize</c> in the light of its currency (<see cref="ImportCurrency"/>): the cell read as
/// money (a mark allowed in a mapped export, digits only in a file of field names, as before), the row's
/// <c>currency</c> column when the file has one, the amount converted into the organisation's currency or the row
/// refused under the field at fault. Counts what it converted for the import's answer.
/// </summary>
internal sealed class DealValues(CsvNumberFormat numbers, ImportCurrency currency, bool marksAllowed)
{
    private static readonly CsvCells Canonical = new(CsvNumberFormat.Invariant);

    private int _converted;
    private ConvertedValue? _first;

    /// <summary>The conversion so far; null when the import states no currency of its own.</summary>
    public ImportConversion? Conversion =>
        currency.Stated is { } from ? new ImportConversion(from, currency.Organisation, currency.Rate, _converted, _first) : null;

    public LeadSubmission Read(int line, LeadSubmission lead, string? amountText, string? currencyText, FieldErrors errors)
    {
        string? rowCurrency = null;
        if (currencyText is not null && (rowCurrency = ImportCurrency.ReadCode(currencyText, out var codeProblem)) is null)
        {
            // Without a currency the row's value cannot be read as anything: refused, not stored as the organisation's.
            errors.Add(ImportTargets.Currency.Name, $"'{TextRules.Shorten(currencyText)}': {codeProblem}");
            return lead;
        }

        if (amountText is null)
        {
            return lead;
        }

        var field = LeadFields.EstimatedDealSize;
        string? mark = null;
        string? problem;
        var amount = marksAllowed ? numbers.ReadMoney(amountText, out mark, out problem) : numbers.ReadDecimal(amountText, out problem);
        if (amount is null)
        {
            errors.Add(field.Name, problem ?? $"'{TextRules.Shorten(amountText)}' cannot be read.");
            return lead;
        }

        if (currency.ToOrganisation(amount.Value, mark, rowCurrency, out var wrongField, out problem, out var converted) is not { } value)
        {
            errors.Add(wrongField!, problem!);
            return lead;
        }

        if (converted)
        {
            _converted++;
            _first ??= new ConvertedValue(line, amount.Value, value);
        }

        return field.Read(lead, Canonical, value.ToString("0.############################", CultureInfo.InvariantCulture), errors);
    }
}

/// <summary>A column of a mapped file whose values are not imported, and why.</summary>
public sealed record IgnoredColumn(string Header, string Reason);

/// <summary>
/// Reads the cells of a mapped export: the lead fields CRMs write their own way go through the Core readers first —
/// <c>country</c> by <see cref="CountryNames"/>, <c>employees</c> as a count or band, <c>estimatedDealSize</c> as
/// money, <c>receivedAt</c> by <see cref="ExportDates"/>, <c>source</c> by the <see cref="SourceTable"/>,
/// <c>companyDomain</c> by <see cref="WebsiteDomains"/> — and then the field reads the canonical value as it reads a
/// file of field names. Every other field reads the cell as it is.
/// </summary>
internal sealed class ExportCells(CsvNumberFormat numbers, CsvExportReading reading, CsvCells cells)
{
    /// <summary>Canonical values are written invariantly (digits and '.', ISO instants), so they are read that way.</summary>
    private static readonly CsvCells Canonical = new(CsvNumberFormat.Invariant);

    /// <summary>ISO 8601 with a time; without an offset it is UTC, as in the JSON API and a file of field names.</summary>
    private static readonly string[] IsoInstants =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd' 'HH:mmK",
    ];

    public LeadSubmission Read(LeadField field, LeadSubmission lead, string text, FieldErrors errors)
    {
        string? problem = null;
        string? canonical;
        if (field == LeadFields.Country)
        {
            canonical = CountryNames.Read(text, out problem);
        }
        else if (field == LeadFields.Employees)
        {
            canonical = numbers.ReadCount(text, out problem)?.Value.ToString(CultureInfo.InvariantCulture);
        }
        else if (field == LeadFields.EstimatedDealSize)
        {
            // Only a reader without an organisation's currency gets here (DealValues reads the others): the mark is taken off.
            canonical = numbers.ReadMoney(text, out _, out problem) is { } amount ? Plain(amount) : null;
        }
        else if (field == LeadFields.ReceivedAt)
        {
            canonical = ReadInstant(text, out problem)?.ToString("O", CultureInfo.InvariantCulture);
        }
        else if (field == LeadFields.Source)
        {
            canonical = reading.Sources.Read(text, out problem)?.ToString();
        }
        else if (field == LeadFields.CompanyDomain)
        {
            canonical = WebsiteDomains.Read(text, out problem);
        }
        else
        {
            return field.Read(lead, cells, text, errors);
        }

        if (canonical is null)
        {
            errors.Add(field.Name, problem ?? $"'{TextRules.Shorten(text)}' cannot be read.");
            return lead;
        }

        return field.Read(lead, Canonical, canonical, errors);
    }

    /// <summary>Longest owner or loss reason kept: a rep's name or email, a reason as a manager would write it.</summary>
    public const int MaxHistoryText = 500;

    /// <summary>
    /// Reads the cell of a history column into <paramref name="history"/>: <c>status</c> by <see cref="CrmStatuses"/>,
    /// <c>closedAt</c> and <c>firstTouchAt</c> as <c>receivedAt</c> is read, <c>owner</c> and <c>lossReason</c> as
    /// single-line text. A bad value is named by its target.
    /// </summary>
    public LeadHistory ReadHistory(ImportTarget target, LeadHistory history, string text, FieldErrors errors)
    {
        string? problem;
        if (target == ImportTargets.Status)
        {
            if (CrmStatuses.Read(text, out problem) is { } status)
            {
                return history with { Status = status };
            }
        }
        else if (target == ImportTargets.ClosedAt || target == ImportTargets.FirstTouchAt)
        {
            if (ReadInstant(text, out problem) is { } instant)
            {
                return target == ImportTargets.ClosedAt ? history with { ClosedAt = instant } : history with { FirstTouchAt = instant };
            }
        }
        else
        {
            problem = text.Length > MaxHistoryText ? $"At most {MaxHistoryText} characters." : TextRules.SingleLineProblem(text);
            if (problem is null)
            {
                var value = TextRules.Nfc(text);
                return target == ImportTargets.Owner ? history with { Owner = value } : history with { LossReason = value };
            }
        }

        errors.Add(target.Name, problem ?? $"'{TextRules.Shorten(text)}' cannot be read.");
        return history;
    }

    private DateTimeOffset? ReadInstant(string text, out string? problem)
    {
        if (DateTimeOffset.TryParseExact(text, IsoInstants, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            problem = null;
            return instant.ToUniversalTime();
        }

        return reading.Dates.Read(text, out problem);
    }

    private static string Plain(decimal amount) => amount.ToString("0.############################", CultureInfo.InvariantCulture);
}
