using System.Collections.Frozen;

namespace LeadRouting.Core.Leads;

/// <summary>What kind of value a lead field holds; each input format reads each kind its own way.</summary>
public enum LeadFieldKind
{
    Text,
    WholeNumber,
    Amount,
    TextList,
    Choice,
    Instant,
    Signals,
}

/// <summary>
/// Reads one field's value out of one input format — a JSON element (<see cref="LeadJsonReader"/>), a CSV cell, a form.
/// Each method reads the shape only and names what it cannot read under <c>path</c> in <c>errors</c>; the semantic rules
/// are <see cref="LeadValidator"/>'s.
/// </summary>
public interface ILeadValueReader<in TInput>
{
    string? Text(string path, TInput input, FieldErrors errors);

    int? WholeNumber(string path, TInput input, FieldErrors errors);

    decimal? Amount(string path, TInput input, FieldErrors errors);

    IReadOnlyList<string> TextList(string path, TInput input, FieldErrors errors);

    TEnum? Choice<TEnum>(string path, TInput input, FieldErrors errors)
        where TEnum : struct, Enum;

    DateTimeOffset? Instant(string path, TInput input, FieldErrors errors);

    IReadOnlyList<Signal> Signals(string path, TInput input, FieldErrors errors);
}

/// <summary>
/// One field of a lead as the public contract describes it (DESIGN.md "Public HTTP API"): its camelCase name, the kind
/// of value, whether it is required, what it means, and how a value of any input format lands on a
/// <see cref="LeadSubmission"/>. The JSON reader, the CSV reader, the OpenAPI document, the validator's text lengths and
/// the playground's error keys all come from <see cref="LeadFields.All"/>, so a new field is one entry there (plus its
/// property on <see cref="LeadSubmission"/> and <see cref="Lead"/>, and its tests).
/// </summary>
public abstract class LeadField
{
    private protected LeadField(string name, LeadFieldKind kind, string? description, bool required, int? maxLength)
    {
        Name = name;
        Kind = kind;
        Description = description;
        Required = required;
        MaxLength = maxLength;
    }

    /// <summary>The camelCase name: the JSON property, the CSV column, the key of a validation error.</summary>
    public string Name { get; }

    public LeadFieldKind Kind { get; }

    /// <summary>What the field means, for the API's documentation; null when the name says it all.</summary>
    public string? Description { get; }

    public bool Required { get; }

    /// <summary>For plain text fields: the longest value <see cref="LeadValidator"/> accepts.</summary>
    public int? MaxLength { get; }

    /// <summary>For <see cref="LeadFieldKind.Choice"/>: the names the field accepts; empty otherwise.</summary>
    public virtual IReadOnlyList<string> Choices => [];

    /// <summary>For text fields: the field's value on <paramref name="lead"/>; null for other kinds.</summary>
    public virtual string? TextOf(LeadSubmission lead) => null;

    /// <summary>Reads this field's value from <paramref name="input"/> with <paramref name="reader"/> and sets it on <paramref name="lead"/>.</summary>
    public abstract LeadSubmission Read<TInput>(LeadSubmission lead, ILeadValueReader<TInput> reader, TInput input, FieldErrors errors);

    public override string ToString() => Name;

    internal sealed class TextField(
        string name, Func<LeadSubmission, string?> get, Func<LeadSubmission, string?, LeadSubmission> with, string? description, bool required, int? maxLength)
        : LeadField(name, LeadFieldKind.Text, description, required, maxLength)
    {
        public override string? TextOf(LeadSubmission lead) => get(lead);

        public override LeadSubmission Read<TInput>(LeadSubmission lead, ILeadValueReader<TInput> reader, TInput input, FieldErrors errors) =>
            with(lead, reader.Text(Name, input, errors));
    }

    internal sealed class WholeNumberField(string name, Func<LeadSubmission, int?, LeadSubmission> with, string? description)
        : LeadField(name, LeadFieldKind.WholeNumber, description, required: false, maxLength: null)
    {
        public override LeadSubmission Read<TInput>(LeadSubmission lead, ILeadValueReader<TInput> reader, TInput input, FieldErrors errors) =>
            with(lead, reader.WholeNumber(Name, input, errors));
    }

    internal sealed class AmountField(string name, Func<LeadSubmission, decimal?, LeadSubmission> with, string? description)
        : LeadField(name, LeadFieldKind.Amount, description, required: false, maxLength: null)
    {
        public override LeadSubmission Read<TInput>(LeadSubmission lead, ILeadValueReader<TInput> reader, TInput input, FieldErrors errors) =>
            with(lead, reader.Amount(Name, input, errors));
    }

    internal sealed class TextListField(string name, Func<LeadSubmission, IReadOnlyList<string>, LeadSubmission> with, string? description)
        : LeadField(name, LeadFieldKind.TextList, description, required: false, maxLength: null)
    {
        public override LeadSubmission Read<TInput>(LeadSubmission lead, ILeadValueReader<TInput> reader, TInput input, FieldErrors errors) =>
            with(lead, reader.TextList(Name, input, errors));
    }

    internal sealed class ChoiceField<TEnum>(string name, Func<LeadSubmission, TEnum?, LeadSubmission> with, string? description, bool required)
        : LeadField(name, LeadFieldKind.Choice, description, required, maxLength: null)
        where TEnum : struct, Enum
    {
        public override IReadOnlyList<string> Choices { get; } = Enum.GetNames<TEnum>();

        public override LeadSubmission Read<TInput>(LeadSubmission lead, ILeadValueReader<TInput> reader, TInput input, FieldErrors errors) =>
            with(lead, reader.Choice<TEnum>(Name, input, errors));
    }

    internal sealed class InstantField(string name, Func<LeadSubmission, DateTimeOffset?, LeadSubmission> with, string? description)
        : LeadField(name, LeadFieldKind.Instant, description, required: false, maxLength: null)
    {
        public override LeadSubmission Read<TInput>(LeadSubmission lead, ILeadValueReader<TInput> reader, TInput input, FieldErrors errors) =>
            with(lead, reader.Instant(Name, input, errors));
    }

    internal sealed class SignalsField(string name, Func<LeadSubmission, IReadOnlyList<Signal>, LeadSubmission> with, string? description)
        : LeadField(name, LeadFieldKind.Signals, description, required: false, maxLength: null)
    {
        public override LeadSubmission Read<TInput>(LeadSubmission lead, ILeadValueReader<TInput> reader, TInput input, FieldErrors errors) =>
            with(lead, reader.Signals(Name, input, errors));
    }
}

/// <summary>The lead's fields, once, in the contract's order.</summary>
public static class LeadFields
{
    public static readonly LeadField ExternalId = new LeadField.TextField("externalId", l => l.ExternalId, (l, v) => l with { ExternalId = v },
        "Your system's id of the lead; makes ingestion idempotent.", required: false, LeadValidator.MaxExternalIdLength);

    public static readonly LeadField Email = new LeadField.TextField("email", l => l.Email, (l, v) => l with { Email = v },
        null, required: true, maxLength: null);

    public static readonly LeadField FirstName = Text("firstName", l => l.FirstName, (l, v) => l with { FirstName = v });
    public static readonly LeadField LastName = Text("lastName", l => l.LastName, (l, v) => l with { LastName = v });
    public static readonly LeadField Title = Text("title", l => l.Title, (l, v) => l with { Title = v });
    public static readonly LeadField Company = Text("company", l => l.Company, (l, v) => l with { Company = v });

    public static readonly LeadField CompanyDomain = new LeadField.TextField("companyDomain", l => l.CompanyDomain, (l, v) => l with { CompanyDomain = v },
        "Defaults to the email's domain unless that is a free-mail domain.", required: false, maxLength: null);

    public static readonly LeadField Employees = new LeadField.WholeNumberField("employees", (l, v) => l with { Employees = v }, null);
    public static readonly LeadField Industry = Text("industry", l => l.Industry, (l, v) => l with { Industry = v });

    public static readonly LeadField Country = new LeadField.TextField("country", l => l.Country, (l, v) => l with { Country = v },
        "ISO 3166-1 alpha-2, e.g. DE.", required: false, maxLength: null);

    public static readonly LeadField TechStack = new LeadField.TextListField("techStack", (l, v) => l with { TechStack = v }, null);

    public static readonly LeadField Source = new LeadField.ChoiceField<SignalType>("source", (l, v) => l with { Source = v },
        "The signal that created the lead.", required: true);

    public static readonly LeadField Signals = new LeadField.SignalsField("signals", (l, v) => l with { Signals = v },
        "Earlier activity of the person: {type, at} each.");

    public static readonly LeadField EstimatedDealSize = new LeadField.AmountField("estimatedDealSize", (l, v) => l with { EstimatedDealSize = v },
        "Estimated deal size in the organisation's currency (policy.currency, EUR unless configured).");

    public static readonly LeadField Referral = new LeadField.ChoiceField<Referral>("referral", (l, v) => l with { Referral = v ?? Leads.Referral.None },
        null, required: false);

    public static readonly LeadField ReceivedAt = new LeadField.InstantField("receivedAt", (l, v) => l with { ReceivedAt = v },
        "ISO 8601 instant; defaults to the time of the request. Without an offset it is taken as UTC.");

    public static IReadOnlyList<LeadField> All { get; } =
    [
        ExternalId, Email, FirstName, LastName, Title, Company, CompanyDomain, Employees, Industry,
        Country, TechStack, Source, Signals, EstimatedDealSize, Referral, ReceivedAt,
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    public static IReadOnlyList<string> RequiredNames { get; } = [.. All.Where(f => f.Required).Select(f => f.Name)];

    private static readonly FrozenDictionary<string, LeadField> ByName =
        All.ToFrozenDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The field a name means, matched case-insensitively like the rest of the API; null when there is none.</summary>
    public static LeadField? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>A plain, optional text field of at most <see cref="LeadValidator.MaxTextLength"/> characters.</summary>
    private static LeadField Text(string name, Func<LeadSubmission, string?> get, Func<LeadSubmission, string?, LeadSubmission> with) =>
        new LeadField.TextField(name, get, with, null, required: false, LeadValidator.MaxTextLength);
}
