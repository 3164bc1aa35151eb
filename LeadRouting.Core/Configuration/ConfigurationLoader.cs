using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadRouting.Core.Configuration;

/// <summary>Loads, validates and serialises the configuration document.</summary>
public static class ConfigurationLoader
{
    private const string DefaultPolicyResource = "LeadRouting.Core.default-policy.json";
    private const string DemoOrganisationResource = "LeadRouting.Core.demo-organisation.json";

    /// <summary>The nesting System.Text.Json allows by default; the document needs about eight levels.</summary>
    private const int MaxDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The default policy of DESIGN.md with an empty organisation.</summary>
    public static RoutingConfiguration LoadDefault() => Parse(ReadResource(DefaultPolicyResource));

    /// <summary>The default policy with the built-in demo organisation (teams, reps of every level, segments).</summary>
    public static RoutingConfiguration LoadDemo()
    {
        var policy = JsonNode.Parse(ReadResource(DefaultPolicyResource))!.AsObject();
        var demo = JsonNode.Parse(ReadResource(DemoOrganisationResource))!.AsObject();
        policy["organisation"] = demo["organisation"]!.DeepClone();
        return Parse(policy.ToJsonString());
    }

    /// <summary>Parses and validates a document; throws <see cref="ConfigurationException"/> listing every problem.</summary>
    public static RoutingConfiguration Parse(string json)
    {
        var config = Deserialize(json);
        var errors = ConfigurationValidator.Validate(config);
        return errors.Count == 0 ? config : throw new ConfigurationException(errors);
    }

    /// <summary>Deserialises without semantic validation (a draft may be incomplete while Ops edit it).</summary>
    public static RoutingConfiguration Deserialize(string json)
    {
        // A property given twice would be an ArgumentException in JsonNode and silently the last one in the serializer;
        // a string that is not valid Unicode an InvalidOperationException. Name each by its path instead.
        if (TextProblems(json) is { Count: > 0 } problems)
        {
            throw new ConfigurationException(problems);
        }

        int? version;
        try
        {
            version = JsonNode.Parse(json)?["schemaVersion"]?.GetValue<int>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ConfigurationException([$"The document is not valid JSON: {ex.Message}"]);
        }

        if (version != RoutingConfiguration.CurrentSchemaVersion)
        {
            throw new ConfigurationException(
                [$"schemaVersion must be {RoutingConfiguration.CurrentSchemaVersion} (got {version?.ToString() ?? "none"})."]);
        }

        try
        {
            return JsonSerializer.Deserialize<RoutingConfiguration>(json, ConfigurationJson.Options)
                ?? throw new ConfigurationException(["The document is empty."]);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException([$"{ex.Path}: {ex.Message}"]);
        }
    }

    /// <summary>
    /// What makes <paramref name="json"/> unreadable as text: malformed JSON, strings or names that are not valid
    /// Unicode, a property given twice in one object (names compare case-insensitively, as the reader matches them).
    /// Each is "path: problem" (<see cref="JsonTextCheck"/>); empty when the text is fine.
    /// </summary>
    public static IReadOnlyList<string> TextProblems(string json)
    {
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(json);
        }
        catch (EncoderFallbackException ex)
        {
            return [$"The document is not valid Unicode text: an unpaired surrogate at character {ex.Index + 1}."];
        }

        return TextProblems(utf8);
    }

    /// <summary>The same check on the document as UTF-8 bytes, as an HTTP body arrives.</summary>
    public static IReadOnlyList<string> TextProblems(ReadOnlySpan<byte> utf8) =>
        [.. JsonTextCheck.Find(utf8, new JsonReaderOptions { MaxDepth = MaxDepth }, StringComparer.OrdinalIgnoreCase)
            .Select(p => p.Path == JsonTextCheck.RootPath ? p.Message : $"{p.Path}: {p.Message}")];

    public static string Serialize(RoutingConfiguration config) =>
        JsonSerializer.Serialize(config, ConfigurationJson.Options);

    private static string ReadResource(string name)
    {
        using var stream = typeof(ConfigurationLoader).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>A configuration document that cannot be used, with every reason.</summary>
public sealed class ConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid routing configuration: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
