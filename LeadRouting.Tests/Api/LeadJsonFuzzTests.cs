using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadRouting.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Random byte mutations of a valid lead, posted to <c>POST /api/leads</c> and <c>POST /api/routing/preview</c>: whatever
/// the bytes, the answer is never a 500, and nothing stored or answered carries U+FFFD (the mark of text decoded from
/// bytes that were not UTF-8).
/// </summary>
public sealed class LeadJsonFuzzTests(LeadRoutingApiFactory app) : IClassFixture<LeadRoutingApiFactory>
{
    private static readonly byte[] ValidLead = Encoding.UTF8.GetBytes(
        """{"externalId":"fuzz-1","email":"jürgen.strauss@brightlabs.de","firstName":"Jürgen","lastName":"Strauß","title":"CTO","company":"Müller & Söhne GmbH","companyDomain":"brightlabs.de","employees":350,"industry":"Software","country":"DE","techStack":["HubSpot","Segment"],"source":"DemoRequest","signals":[{"type":"Webinar","at":"2026-11-20T10:00:00Z"}],"estimatedDealSize":30000.50,"referral":"None","receivedAt":"2026-11-30T14:00:00Z"}""");

    /// <summary>Byte sequences that break text in the ways clients really do: Latin-1 bytes, overlong and surrogate UTF-8, escapes.</summary>
    private static readonly byte[][] Nasty =
    [
        [0xFC], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFE], [0xC0, 0xAF], [0x80],
        "\\ud800"u8.ToArray(), "\\udc00x"u8.ToArray(), "\\u0000"u8.ToArray(), "\\u001b"u8.ToArray(), "\\ufffd"u8.ToArray(),
        "\u200B"u8.ToArray(), "\u202E"u8.ToArray(), "\u0430"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), [0x00],
    ];

    /// <summary>One mutation: what (replace, insert, delete, insert a nasty sequence), where (0–1 of the length), which byte.</summary>
    private sealed record Mutation(int Kind, double Where, byte Byte, int NastyIndex);

    private static readonly Gen<Mutation[]> Mutations =
        (from kind in Gen.Choose(0, 3)
         from place in Gen.Choose(0, 10_000)
         from value in Gen.Choose(0, 255)
         from nasty in Gen.Choose(0, Nasty.Length - 1)
         select new Mutation(kind, place / 10_000.0, (byte)value, nasty))
        .ArrayOf()
        .Where(m => m.Length is >= 1 and <= 4);

    private static byte[] Apply(Mutation[] mutations)
    {
        var bytes = ValidLead.ToList();
        foreach (var m in mutations)
        {
            var at = Math.Min((int)(m.Where * bytes.Count), bytes.Count - 1);
            switch (m.Kind)
            {
                case 0:
                    bytes[at] = m.Byte;
                    break;
                case 1:
                    bytes.Insert(at, m.Byte);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.InsertRange(at, Nasty[m.NastyIndex]);
                    break;
            }
        }

        return [.. bytes];
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    [Property(MaxTest = 250)]
    public Property Mutated_leads_never_give_a_500_and_never_store_U_FFFD() =>
        Prop.ForAll(Mutations.ToArbitrary(), mutations =>
        {
            var body = Apply(mutations);
            using var client = app.CreateApiClient();
            foreach (var url in new[] { "/api/leads", "/api/routing/preview" })
            {
                var response = client.PostAsync(url, Json(body)).GetAwaiter().GetResult();
                var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                Assert.True(
                    response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.BadRequest,
                    $"{url} answered {(int)response.StatusCode} to {Convert.ToHexString(body)}: {text}");
                if (response.IsSuccessStatusCode)
                {
                    Assert.DoesNotContain(Strings(JsonNode.Parse(text)), s => s.Contains('\uFFFD', StringComparison.Ordinal));
                }
            }

            using var db = app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContext();
            var stored = db.Leads
                .Select(l => new[] { l.Email, l.FirstName, l.LastName, l.Title, l.Company, l.CompanyDomain, l.Industry, l.Country, l.ExternalId })
                .AsEnumerable()
                .SelectMany(texts => texts)
                .OfType<string>();
            Assert.DoesNotContain(stored, s => s.Contains('\uFFFD', StringComparison.Ordinal));
        });

    /// <summary>Every string value of a JSON answer, however deep (decoded, so an escaped \ufffd counts too).</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
