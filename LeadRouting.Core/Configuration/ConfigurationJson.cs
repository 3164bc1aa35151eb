using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadRouting.Core.Configuration;

/// <summary>JSON settings shared by the configuration document and the public API: camelCase, enums as strings.</summary>
public static class ConfigurationJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>The same format on one line, for what is stored per lead (traces, outbox payloads) rather than read by people.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        // Before the general enum converter, which would otherwise take the steps and answer bad ones with a type name.
        options.Converters.Add(new FallbackStepConverter());
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new HourMinuteTimeOnlyConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Reads and writes times of day as "HH:mm", the way Ops type them.</summary>
    private sealed class HourMinuteTimeOnlyConverter : JsonConverter<TimeOnly>
    {
        private static readonly string[] Formats = ["HH:mm", "HH:mm:ss", "H:mm"];

        public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return TimeOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : throw new JsonException($"'{text}' is not a time of day (HH:mm).");
        }

        public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(value.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture));
    }
}
