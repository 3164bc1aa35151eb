using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace LeadRouting.Core.Leads;

/// <summary>
/// Reads a lead of the public API (DESIGN.md "Public HTTP API") from JSON by walking the document by hand, so that
/// every bad field is reported under its camelCase JSON path (<c>employees</c>, <c>signals[2].type</c>) instead of
/// stopping at the first problem the way a serializer does. It checks shape only: JSON types, enum names, ISO 8601
/// instants and unknown fields. The semantic rules (required email, lengths, country codes, …) are
/// <see cref="LeadValidator"/>'s, which the caller runs afterwards.
/// </summary>
public static class LeadJsonReader
{
    /// <summary>The path of the whole body, as RFC 7807 validation problems name it.</summary>
    public const string BodyPath = "$";

    private static readonly FrozenSet<string> SignalFields = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "type", "at");

    /// <summary>
    /// Reads <paramref name="body"/>. Returns null only when the body is not a JSON object; otherwise a submission
    /// with every field that could be read, and <paramref name="errors"/> naming each field that could not (such a
    /// field is left empty, so running <see cref="LeadValidator"/> on the result reports the remaining problems too).
    /// </summary>
    public static LeadSubmission? Read(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(BodyPath, $"The request body must be a JSON object (got {Describe(body.ValueKind)}).");
            return null;
        }

        var lead = new LeadSubmission();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in body.EnumerateObject())
        {
            var field = LeadFields.Find(property.Name);
            if (field is null)
            {
                errors.Add(property.Name, "Unknown field.");
                continue;
            }

            if (!seen.Add(field.Name))
            {
                errors.Add(field.Name, "Appears more than once.");
                continue;
            }

            lead = field.Read(lead, JsonValues.Instance, property.Value, errors);
        }

        return lead;
    }

    /// <summary>
    /// Reads the body of "add signals": either an array of <c>{type, at}</c> or an object <c>{"signals": [...]}</c>.
    /// Errors are named <c>signals[i].type</c> and so on, like in a lead.
    /// </summary>
    public static IReadOnlyList<Signal> ReadSignalsBody(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in body.EnumerateObject())
            {
                if (!property.NameEquals("signals") && !string.Equals(property.Name, "signals", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(property.Name, "Unknown field.");
                }
            }

            return body.TryGetProperty("signals", out var signals)
                ? ReadSignals("signals", signals, errors)
                : Required();
        }

        if (body.ValueKind == JsonValueKind.Array)
        {
            return ReadSignals("signals", body, errors);
        }

        errors.Add(BodyPath, $"Expected an array of signals or an object with \"signals\" (got {Describe(body.ValueKind)}).");
        return [];

        IReadOnlyList<Signal> Required()
        {
            errors.Add("signals", "Is required.");
            return [];
        }
    }

    /// <summary>The lead fields' values as JSON holds them.</summary>
    private sealed class JsonValues : ILeadValueReader<JsonElement>
    {
        public static readonly JsonValues Instance = new();

        public string? Text(string path, JsonElement input, FieldErrors errors) => ReadString(path, input, errors);

        public int? WholeNumber(string path, JsonElement input, FieldErrors errors) => ReadInt(path, input, errors);

        public decimal? Amount(string path, JsonElement input, FieldErrors errors) => ReadDecimal(path, input, errors);

        public IReadOnlyList<string> TextList(string path, JsonElement input, FieldErrors errors) => ReadStrings(path, input, errors);

        public TEnum? Choice<TEnum>(string path, JsonElement input, FieldErrors errors)
            where TEnum : struct, Enum => ReadEnum<TEnum>(path, input, errors);

        public DateTimeOffset? Instant(string path, JsonElement input, FieldErrors errors) => ReadInstant(path, input, errors);

        public IReadOnlyList<Signal> Signals(string path, JsonElement input, FieldErrors errors) => ReadSignals(path, input, errors);
    }

    private static string? ReadString(string path, JsonElement value, FieldErrors errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Null:
                return null;
            default:
                errors.Add(path, $"Must be a string (got {Describe(value.ValueKind)}).");
                return null;
        }
    }

    /// <summary>
    /// A whole number written as one: <c>350</c> or <c>1e3</c>. <c>1.000</c> is refused rather than read as 1 — in
    /// JSON it is one, but an integer field written with a decimal point is usually a thousands separator (German
    /// "1.000" = one thousand), and a silent factor of 1,000 is worse than a 400.
    /// </summary>
    private static int? ReadInt(string path, JsonElement value, FieldErrors errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.GetRawText().Contains('.', StringComparison.Ordinal)
                && value.TryGetDecimal(out var pointed) && pointed == decimal.Truncate(pointed):
                errors.Add(path, string.Create(CultureInfo.InvariantCulture,
                    $"Must be a whole number written without a decimal point (got {value.GetRawText()}, which JSON reads as {pointed:0}, not {pointed * 1000:0}); ") +
                    "in JSON '.' is always the decimal point, never a thousands separator.");
                return null;
            case JsonValueKind.Number when value.TryGetInt32(out var number):
                return number;

            // Exponent notation ("1e3") is a whole number too; TryGetInt32 only reads plain integers.
            case JsonValueKind.Number when value.TryGetDecimal(out var whole) && whole == decimal.Truncate(whole):
                if (whole is >= int.MinValue and <= int.MaxValue)
                {
                    return (int)whole;
                }

                errors.Add(path, $"Is out of range (got {value.GetRawText()}).");
                return null;
            case JsonValueKind.Number:
                errors.Add(path, $"Must be a whole number (got {value.GetRawText()}).");
                return null;
            case JsonValueKind.String when LooksNumeric(value.GetString()!):
                errors.Add(path, $"Must be a JSON number, not a string (got \"{Shorten(value.GetString()!)}\"): write it without quotes and without thousands separators, e.g. 1000.");
                return null;
            default:
                errors.Add(path, $"Must be a whole number (got {Describe(value.ValueKind)}).");
                return null;
        }
    }

    private static decimal? ReadDecimal(string path, JsonElement value, FieldErrors errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetDecimal(out var number):
                return number;
            case JsonValueKind.Number:
                errors.Add(path, $"Is out of range (got {value.GetRawText()}).");
                return null;
            case JsonValueKind.String when LooksNumeric(value.GetString()!):
                errors.Add(path, $"Must be a JSON number, not a string (got \"{Shorten(value.GetString()!)}\"): write it without quotes, with '.' as the decimal point and no thousands separators, e.g. 25000.50.");
                return null;
            default:
                errors.Add(path, $"Must be a number (got {Describe(value.ValueKind)}).");
                return null;
        }
    }

    /// <summary>Digits with separators, such as "1.000" or "25.000,50": a number someone quoted, whatever the locale.</summary>
    private static bool LooksNumeric(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 0 && char.IsAsciiDigit(trimmed[^1])
            && trimmed.TrimStart('+', '-').All(c => char.IsAsciiDigit(c) || c is '.' or ',' or ' ' or '\'' or '\u00A0' or '\u202F');
    }

    private static IReadOnlyList<string> ReadStrings(string path, JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, $"Must be an array of strings (got {Describe(value.ValueKind)}).");
            return [];
        }

        var items = new List<string>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!);
            }
            else
            {
                errors.Add($"{path}[{index}]", $"Must be a string (got {Describe(item.ValueKind)}).");
            }

            index++;
        }

        return items;
    }

    private static IReadOnlyList<Signal> ReadSignals(string path, JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, $"Must be an array of signals {{\"type\", \"at\"}} (got {Describe(value.ValueKind)}).");
            return [];
        }

        var signals = new List<Signal>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (ReadSignal($"{path}[{index}]", item, errors) is { } signal)
            {
                signals.Add(signal);
            }

            index++;
        }

        return signals;
    }

    private static Signal? ReadSignal(string path, JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"Must be an object {{\"type\", \"at\"}} (got {Describe(value.ValueKind)}).");
            return null;
        }

        SignalType? type = null;
        DateTimeOffset? at = null;
        bool hasType = false, hasAt = false;
        foreach (var property in value.EnumerateObject())
        {
            if (!SignalFields.Contains(property.Name))
            {
                errors.Add($"{path}.{property.Name}", "Unknown field.");
            }
            else if (string.Equals(property.Name, "type", StringComparison.OrdinalIgnoreCase))
            {
                hasType = true;
                type = ReadEnum<SignalType>($"{path}.type", property.Value, errors);
            }
            else
            {
                hasAt = true;
                at = ReadInstant($"{path}.at", property.Value, errors);
            }
        }

        if (type is null && !errors.Contains($"{path}.type"))
        {
            errors.Add($"{path}.type", hasType ? "Must not be null." : "Is required.");
        }

        if (at is null && !errors.Contains($"{path}.at"))
        {
            errors.Add($"{path}.at", hasAt ? "Must not be null." : "Is required.");
        }

        return type is { } t && at is { } a ? new Signal(t, a) : null;
    }

    private static TEnum? ReadEnum<TEnum>(string path, JsonElement value, FieldErrors errors)
        where TEnum : struct, Enum
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"Must be one of {LeadValueText.AllowedValues<TEnum>()} (got {Describe(value.ValueKind)}).");
            return null;
        }

        return LeadValueText.Choice<TEnum>(path, value.GetString()!, errors);
    }

    /// <summary>An ISO 8601 instant; one without an offset is taken as UTC, so the server's own time zone never leaks in.</summary>
    private static DateTimeOffset? ReadInstant(string path, JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            if (value.TryGetDateTime(out var local) && local.Kind == DateTimeKind.Unspecified)
            {
                return new DateTimeOffset(local, TimeSpan.Zero);
            }

            if (value.TryGetDateTimeOffset(out var instant))
            {
                return instant;
            }

            errors.Add(path, LeadValueText.InstantProblem(value.GetString()!));
            return null;
        }

        errors.Add(path, $"Must be an ISO 8601 date and time string (got {Describe(value.ValueKind)}).");
        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Shorten(string value) => TextRules.Shorten(value);
}
