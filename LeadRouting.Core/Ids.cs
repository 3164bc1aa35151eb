using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadRouting.Core;

/// <summary>Identifies a rep in the organisation configuration.</summary>
[JsonConverter(typeof(StringIdJsonConverter<RepId>))]
public readonly record struct RepId(string Value) : IStringId<RepId>
{
    public static RepId From(string value) => new(value);
    public override string ToString() => Value;
}

/// <summary>Identifies a team in the organisation configuration.</summary>
[JsonConverter(typeof(StringIdJsonConverter<TeamId>))]
public readonly record struct TeamId(string Value) : IStringId<TeamId>
{
    public static TeamId From(string value) => new(value);
    public override string ToString() => Value;
}

/// <summary>Identifies a segment in the organisation configuration.</summary>
[JsonConverter(typeof(StringIdJsonConverter<SegmentId>))]
public readonly record struct SegmentId(string Value) : IStringId<SegmentId>
{
    public static SegmentId From(string value) => new(value);
    public override string ToString() => Value;
}

/// <summary>Identifies a stored lead.</summary>
[JsonConverter(typeof(StringIdJsonConverter<LeadId>))]
public readonly record struct LeadId(string Value) : IStringId<LeadId>
{
    public static LeadId From(string value) => new(value);
    public override string ToString() => Value;
}

public interface IStringId<TSelf> where TSelf : struct, IStringId<TSelf>
{
    static abstract TSelf From(string value);
    string Value { get; }
}

/// <summary>Writes strongly typed ids as plain JSON strings, so the documents stay readable for Ops.</summary>
public sealed class StringIdJsonConverter<T> : JsonConverter<T> where T : struct, IStringId<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new JsonException($"An id of type {typeof(T).Name} must be a non-empty string.");
        }

        return T.From(value);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        T.From(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.Value);
}
