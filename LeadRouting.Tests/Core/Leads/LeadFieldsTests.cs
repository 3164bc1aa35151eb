using System.Text.Json;
using LeadRouting.Core.Leads;

namespace LeadRouting.Tests.Core.Leads;

/// <summary>The lead's one field list drives every reader: a property without a field, or a field a reader cannot set, fails here.</summary>
public sealed class LeadFieldsTests
{
    [Fact]
    public void Every_property_of_a_submission_is_a_field_of_the_contract_and_every_field_is_a_property()
    {
        var properties = typeof(LeadSubmission).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal);

        Assert.Equal(properties, LeadFields.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_json_reader_sets_every_field_from_its_name()
    {
        var body = JsonDocument.Parse("""
            {"externalId":"x1","email":"a@b.de","firstName":"Jana","lastName":"Richter","title":"CTO","company":"Acme",
             "companyDomain":"acme.de","employees":120,"industry":"Software","country":"DE","techStack":["HubSpot"],
             "source":"DemoRequest","signals":[{"type":"Webinar","at":"2026-11-30T09:00:00Z"}],"estimatedDealSize":25000.5,
             "referral":"Vip","receivedAt":"2026-11-30T10:00:00Z"}
            """).RootElement;
        var errors = new FieldErrors();

        var lead = LeadJsonReader.Read(body, errors)!;

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
        foreach (var property in typeof(LeadSubmission).GetProperties())
        {
            var value = property.GetValue(lead);
            var empty = property.GetValue(new LeadSubmission());
            Assert.False(Equals(value, empty) || value is System.Collections.ICollection { Count: 0 }, $"{property.Name} was not set by its field");
        }
    }

    [Fact]
    public void Required_fields_are_email_and_source_and_plain_text_fields_carry_their_length_limit()
    {
        Assert.Equal(["email", "source"], LeadFields.RequiredNames);
        Assert.All(LeadFields.All.Where(f => f.MaxLength is not null), f => Assert.Equal(LeadFieldKind.Text, f.Kind));
        Assert.Equal(LeadValidator.MaxExternalIdLength, LeadFields.ExternalId.MaxLength);
    }
}
