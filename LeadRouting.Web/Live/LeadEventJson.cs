using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeadRouting.Core.Configuration;

namespace LeadRouting.Web.Live;

/// <summary>How lead events travel: camelCase JSON with enums as strings, like the rest of the public API.</summary>
public static class LeadEventJson
{
    /// <summary>For what leaves the process (hub messages, webhook bodies): compact.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Reads an outbox message written as <c>Type</c> = the event kind and <c>Payload</c> = the event serialised with
    /// <see cref="ConfigurationJson.Compact"/> (read with either option set). Anything else (older payload shapes, other message types) is not a lead
    /// event: <paramref name="problem"/> says why.
    /// </summary>
    public static bool TryReadOutbox(string type, string payload, [NotNullWhen(true)] out LeadEvent? leadEvent, [NotNullWhen(false)] out string? problem)
    {
        leadEvent = null;
        if (!Enum.TryParse<LeadEventKind>(type, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            problem = "the type is not a lead event kind";
            return false;
        }

        try
        {
            leadEvent = JsonSerializer.Deserialize<LeadEvent>(payload, ConfigurationJson.Options);
        }
        catch (JsonException ex)
        {
            problem = $"the payload is not a lead event: {ex.Message}";
            return false;
        }

        if (leadEvent is null || leadEvent.Kind != kind || string.IsNullOrWhiteSpace(leadEvent.LeadId))
        {
            leadEvent = null;
            problem = "the payload does not match its type";
            return false;
        }

        problem = null;
        return true;
    }
}
