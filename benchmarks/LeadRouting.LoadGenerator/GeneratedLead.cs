using System.Globalization;
using System.Text;
using System.Text.Json;
using LeadRouting.Core.Leads;

namespace LeadRouting.LoadGenerator;

/// <summary>One lead as a client would send it, written either as the JSON body of <c>POST /api/leads</c> or as a CSV row.</summary>
public sealed record GeneratedLead
{
    /// <summary>The columns of <see cref="WriteCsvRow"/>, in order.</summary>
    public const string CsvHeader = "externalId,email,firstName,lastName,company,employees,industry,country,techStack,source,estimatedDealSize";

    public required string ExternalId { get; init; }
    public required string Email { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Company { get; init; }
    public int? Employees { get; init; }
    public string? Industry { get; init; }
    public string? Country { get; init; }
    public required IReadOnlyList<string> TechStack { get; init; }
    public required SignalType Source { get; init; }
    public decimal? EstimatedDealSize { get; init; }

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("externalId", ExternalId);
            json.WriteString("email", Email);
            json.WriteString("firstName", FirstName);
            json.WriteString("lastName", LastName);
            json.WriteString("company", Company);
            if (Employees is { } employees)
            {
                json.WriteNumber("employees", employees);
            }

            if (Industry is not null)
            {
                json.WriteString("industry", Industry);
            }

            if (Country is not null)
            {
                json.WriteString("country", Country);
            }

            json.WriteStartArray("techStack");
            foreach (var technology in TechStack)
            {
                json.WriteStringValue(technology);
            }

            json.WriteEndArray();
            json.WriteString("source", Source.ToString());
            if (EstimatedDealSize is { } dealSize)
            {
                json.WriteNumber("estimatedDealSize", dealSize);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A row under <see cref="CsvHeader"/>. Generated values never hold a comma, a quote or a line break, so no cell
    /// needs quoting; the tech stack uses the import's list separator <c>;</c>.
    /// </summary>
    public void WriteCsvRow(StringBuilder csv)
    {
        csv.Append(ExternalId).Append(',')
            .Append(Email).Append(',')
            .Append(FirstName).Append(',')
            .Append(LastName).Append(',')
            .Append(Company).Append(',')
            .Append(Employees?.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(Industry).Append(',')
            .Append(Country).Append(',')
            .AppendJoin(';', TechStack).Append(',')
            .Append(Source.ToString()).Append(',')
            .Append(EstimatedDealSize?.ToString(CultureInfo.InvariantCulture))
            .Append('\n');
    }
}
