using Microsoft.OpenApi;

namespace LeadRouting.Web.Api;

/// <summary>
/// The OpenAPI description of a lead body, built from <see cref="LeadFields"/>: requests are read by
/// <see cref="LeadJsonReader"/> from the same field list, so the document cannot describe a field the reader does not take.
/// </summary>
internal static class LeadSchema
{
    public static OpenApiSchema Build() => new()
    {
        Type = JsonSchemaType.Object,
        AdditionalPropertiesAllowed = false,
        Required = new HashSet<string>(LeadFields.RequiredNames, StringComparer.Ordinal),
        Properties = LeadFields.All.ToDictionary(f => f.Name, f => (IOpenApiSchema)Of(f), StringComparer.Ordinal),
    };

    private static OpenApiSchema Of(LeadField field)
    {
        var schema = field.Kind switch
        {
            LeadFieldKind.Text => new OpenApiSchema { Type = Nullable(JsonSchemaType.String, field), MaxLength = field.MaxLength },
            LeadFieldKind.WholeNumber => new OpenApiSchema { Type = Nullable(JsonSchemaType.Integer, field), Format = "int32" },
            LeadFieldKind.Amount => new OpenApiSchema { Type = Nullable(JsonSchemaType.Number, field), Format = "double" },
            LeadFieldKind.TextList => new OpenApiSchema { Type = JsonSchemaType.Array | JsonSchemaType.Null, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            LeadFieldKind.Choice => new OpenApiSchema
            {
                Type = Nullable(JsonSchemaType.String, field),
                Enum = [.. field.Choices.Select(c => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(c))],
            },
            LeadFieldKind.Instant => new OpenApiSchema { Type = Nullable(JsonSchemaType.String, field), Format = "date-time" },
            LeadFieldKind.Signals => new OpenApiSchema
            {
                Type = JsonSchemaType.Array | JsonSchemaType.Null,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string>(StringComparer.Ordinal) { "type", "at" },
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                    {
                        ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames<SignalType>().Select(n => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(n))] },
                        ["at"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    },
                },
            },
            _ => throw new InvalidOperationException($"Lead field '{field.Name}' has a kind the OpenAPI description does not know."),
        };
        schema.Description = field.Description;
        return schema;
    }

    private static JsonSchemaType Nullable(JsonSchemaType type, LeadField field) => field.Required ? type : type | JsonSchemaType.Null;
}
