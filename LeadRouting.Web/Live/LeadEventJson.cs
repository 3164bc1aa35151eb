using System.Text.Json;
using System.Text.Json.Serialization;

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
    /// For the outbox: the events' own contract, not the configuration document's. Members this version does not know are
    /// ignored (the configuration document refuses them, rightly, because a typo there changes routing), so during a
    /// rolling upgrade an event an upgraded instance wrote with one more field is still delivered by an older one.
    /// </summary>
    public static JsonSerializerOptions Outbox { get; } = Options;

    /// <summary>
    /// Reads an outbox message written as <c>Type</c> = the event kind and <c>Payload</c> = the event serialised with
    /// <see cref="Outbox"/>. <see cref="OutboxRead.NotALeadEvent"/>: something this product never wrote as a lead event
    /// (an old payload shape, another message type), <paramref name="problem"/> says why. <see cref="OutboxRead.FromNewerWriter"/>:
    /// a newer version's event this one cannot read (a new kind or stage) — left for an upgraded instance, not dropped.
    /// </summary>
    public static OutboxRead TryReadOutbox(string type, string payload, out LeadEvent? leadEvent, out string? problem)
    {
        leadEvent = null;
        problem = null;
        if (!Enum.TryParse<LeadEventKind>(type, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            return Unreadable(payload, "the type is not a lead event kind", out problem);
        }

        LeadEvent? read;
        try
        {
            read = JsonSerializer.Deserialize<LeadEvent>(payload, Outbox);
        }
        catch (JsonException ex)
        {
            return Unreadable(payload, $"the payload is not a lead event: {ex.Message}", out problem);
        }

        if (read is null || read.Kind != kind || string.IsNullOrWhiteSpace(read.LeadId))
        {
            return Unreadable(payload, "the payload does not match its type", out problem);
        }

        leadEvent = read;
        return OutboxRead.Event;
    }

    private static OutboxRead Unreadable(string payload, string why, out string problem)
    {
        var version = SchemaVersionOf(payload);
        if (version > LeadEvent.CurrentSchemaVersion)
        {
            problem = $"{why}; written by a newer version (schema {version}, this one reads {LeadEvent.CurrentSchemaVersion})";
            return OutboxRead.FromNewerWriter;
        }

        problem = why;
        return OutboxRead.NotALeadEvent;
    }

    /// <summary>The payload's <c>schemaVersion</c>, or 0 when it has none (not JSON, not an object, not a number).</summary>
    private static int SchemaVersionOf(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("schemaVersion", out var version)
                   && version.TryGetInt32(out var number)
                ? number
                : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}

/// <summary>What an outbox message turned out to be.</summary>
public enum OutboxRead
{
    /// <summary>A lead event this version reads: notify.</summary>
    Event,

    /// <summary>Not a lead event this product wrote: marked processed without notifying.</summary>
    NotALeadEvent,

    /// <summary>A newer version's event this one cannot read: deferred, so an upgraded instance delivers it.</summary>
    FromNewerWriter,
}
