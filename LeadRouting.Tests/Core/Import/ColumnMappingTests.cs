using System.Text.Json;
using LeadRouting.Core.Import;
using LeadRouting.Core.Leads;

namespace LeadRouting.Tests.Core.Import;

/// <summary>Which header of a CRM export maps to which import target, and how a user changes it.</summary>
public sealed class ColumnMappingTests
{
    [Fact]
    public void The_targets_are_every_lead_field_in_the_contracts_order_then_the_currency_then_the_history_columns()
    {
        Assert.Equal([.. LeadFields.Names, "currency", "owner", "status", "closedAt", "firstTouchAt", "lossReason"], ImportTargets.Names);
        Assert.All(LeadFields.All, field => Assert.Same(field, ImportTargets.Find(field.Name)!.Field));
        Assert.All(ImportTargets.History, target => Assert.Null(target.Field));
    }

    [Theory]
    // The API's own names, in any case.
    [InlineData("externalId", "externalId")]
    [InlineData("COMPANYDOMAIN", "companyDomain")]
    [InlineData("estimatedDealSize", "estimatedDealSize")]
    [InlineData("firstTouchAt", "firstTouchAt")]
    [InlineData("lossReason", "lossReason")]
    // Salesforce lead export.
    [InlineData("Lead ID", "externalId")]
    [InlineData("First Name", "firstName")]
    [InlineData("Last Name", "lastName")]
    [InlineData("Title", "title")]
    [InlineData("Email", "email")]
    [InlineData("Email Address", "email")]
    [InlineData("Company", "company")]
    [InlineData("Company Name", "company")]
    [InlineData("Company / Account", "company")]
    [InlineData("No. of Employees", "employees")]
    [InlineData("Industry", "industry")]
    [InlineData("Country", "country")]
    [InlineData("Lead Source", "source")]
    [InlineData("Created Date", "receivedAt")]
    [InlineData("Lead Owner", "owner")]
    [InlineData("Lead Status", "status")]
    [InlineData("Converted Date", "closedAt")]
    [InlineData("Website", "companyDomain")]
    // HubSpot contact export.
    [InlineData("Record ID", "externalId")]
    [InlineData("Company name", "company")]
    [InlineData("Number of Employees", "employees")]
    [InlineData("Country/Region", "country")]
    [InlineData("Original Source", "source")]
    [InlineData("Create Date", "receivedAt")]
    [InlineData("Contact owner", "owner")]
    [InlineData("Lifecycle Stage", "status")]
    [InlineData("Job Title", "title")]
    [InlineData("Website URL", "companyDomain")]
    [InlineData("Became a Customer Date", "closedAt")]
    // Variants: case, spaces, _ - . /
    [InlineData("first_name", "firstName")]
    [InlineData("FIRST-NAME", "firstName")]
    [InlineData("  first name  ", "firstName")]
    [InlineData("no_of_employees", "employees")]
    [InlineData("NoOfEmployees", "employees")]
    [InlineData("lead.source", "source")]
    [InlineData("country_region", "country")]
    // German headers, umlauts and ß spelled out or not.
    [InlineData("Firma", "company")]
    [InlineData("Unternehmen", "company")]
    [InlineData("Mitarbeiter", "employees")]
    [InlineData("Mitarbeiteranzahl", "employees")]
    [InlineData("Unternehmensgröße", "employees")]
    [InlineData("Unternehmensgroesse", "employees")]
    [InlineData("Unternehmensgrosse", "employees")]
    [InlineData("Land", "country")]
    [InlineData("Ländercode", "country")]
    [InlineData("Laendercode", "country")]
    [InlineData("Quelle", "source")]
    [InlineData("Vorname", "firstName")]
    [InlineData("Nachname", "lastName")]
    [InlineData("E-Mail", "email")]
    [InlineData("e_mail_adresse", "email")]
    [InlineData("Position", "title")]
    [InlineData("Branche", "industry")]
    [InlineData("Erstellt am", "receivedAt")]
    [InlineData("Besitzer", "owner")]
    [InlineData("Lead-Inhaber", "owner")]
    [InlineData("Zustaendig", "owner")]
    [InlineData("Status", "status")]
    [InlineData("Verlustgrund", "lossReason")]
    [InlineData("Erstkontakt am", "firstTouchAt")]
    public void A_header_of_an_export_maps_to_its_target(string header, string target)
    {
        var mapping = ColumnMapping.Suggest([header]);

        Assert.Equal(target, mapping.Columns[0].Target?.Name);
        Assert.Null(mapping.Columns[0].Reason);
    }

    [Theory]
    [InlineData("Phone", "unknown column")]
    [InlineData("Lead Score", "unknown column")]
    [InlineData("", "unknown column")]
    [InlineData("Annual Revenue", "company's revenue")]
    [InlineData("Jahresumsatz", "company's revenue")]
    [InlineData("Name", "not split into firstName and lastName")]
    [InlineData("Latest Source", "Original Source")]
    public void A_header_that_is_unknown_or_misleading_is_ignored_with_its_reason(string header, string reason)
    {
        var column = ColumnMapping.Suggest([header]).Columns[0];

        Assert.Null(column.Target);
        Assert.Contains(reason, column.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_headers_for_one_target_map_the_first_and_ignore_the_later_naming_the_first()
    {
        var mapping = ColumnMapping.Suggest(["Email", "Lead Status", "Lifecycle Stage", "E-Mail-Adresse"]);

        Assert.Equal(["email", "status", null, null], mapping.Columns.Select(c => c.Target?.Name));
        Assert.Equal("'status' is already mapped from 'Lead Status'", mapping.Columns[2].Reason);
        Assert.Equal("'email' is already mapped from 'Email'", mapping.Columns[3].Reason);
        Assert.Equal(1, mapping.ColumnOf(ImportTargets.Status));
    }

    [Fact]
    public void A_salesforce_lead_export_header_row_maps_every_standard_column()
    {
        string[] headers =
        [
            "Lead ID", "First Name", "Last Name", "Title", "Company / Account", "Email", "No. of Employees", "Industry", "Country",
            "Lead Source", "Created Date", "Lead Owner", "Lead Status", "Converted Date", "Website", "Phone",
        ];

        var mapping = ColumnMapping.Suggest(headers).ToDictionary();

        Assert.Equal(
            ["externalId", "firstName", "lastName", "title", "company", "email", "employees", "industry", "country", "source", "receivedAt",
             "owner", "status", "closedAt", "companyDomain", null],
            mapping.Values);
    }

    [Fact]
    public void The_mapping_serialises_to_the_APIs_header_to_target_object_in_column_order()
    {
        var mapping = ColumnMapping.Suggest(["Record ID", "Email", "Phone", "Email"]);

        var json = JsonSerializer.Serialize(mapping);

        Assert.Equal("""{"Record ID":"externalId","Email":"email","Phone":null}""", json);
    }

    [Fact]
    public void A_mapping_read_from_json_keeps_each_headers_target()
    {
        var mapping = JsonSerializer.Deserialize<ColumnMapping>("""{"Firma":"company","Kundennummer":"externalId","Telefon":null}""")!;

        Assert.Equal(["company", "externalId", null], mapping.Columns.Select(c => c.Target?.Name));
    }

    [Fact]
    public void A_mapping_in_json_with_an_unknown_target_is_an_error_naming_the_header_and_the_valid_targets()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ColumnMapping>("""{"Firma":"companyName"}"""));

        Assert.Contains("'Firma' cannot map to 'companyName'", error.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", ImportTargets.Names), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overriding_one_header_maps_it_and_the_column_that_had_the_target_is_ignored_naming_the_override()
    {
        var suggested = ColumnMapping.Suggest(["Lead Status", "Lifecycle Stage", "Phone"]);

        var mapping = suggested.WithTarget("Lifecycle Stage", "status", out var problem)!;

        Assert.Null(problem);
        Assert.Equal([null, "status", null], mapping.Columns.Select(c => c.Target?.Name));
        Assert.Equal("'status' is mapped from 'Lifecycle Stage' by choice", mapping.Columns[0].Reason);
        Assert.Equal("status", suggested.Columns[0].Target?.Name);
    }

    [Fact]
    public void Choices_accumulate_and_a_column_nobody_chose_is_suggested_again_when_its_target_is_free()
    {
        var suggested = ColumnMapping.Suggest(["Lead Status", "Lifecycle Stage", "Kundennummer"]);

        var moved = suggested.WithTarget("Lifecycle Stage", "status", out _)!.WithTarget("Kundennummer", "externalId", out _)!;
        var back = moved.WithTarget("Lifecycle Stage", null, out _)!;

        Assert.Equal([null, "status", "externalId"], moved.Columns.Select(c => c.Target?.Name));
        Assert.Equal(["status", null, "externalId"], back.Columns.Select(c => c.Target?.Name));
        Assert.Equal([false, true, true], back.Columns.Select(c => c.Chosen));
        Assert.Equal("ignored by choice", back.Columns[1].Reason);
    }

    [Fact]
    public void Overriding_a_header_to_null_ignores_it_and_an_unknown_column_can_be_mapped()
    {
        var mapping = ColumnMapping.Suggest(["Email", "Kundennummer"])
            .WithTargets(new Dictionary<string, string?> { ["Email"] = null, ["Kundennummer"] = "externalId" }, out var problem)!;

        Assert.Null(problem);
        Assert.Equal([null, "externalId"], mapping.Columns.Select(c => c.Target?.Name));
        Assert.Equal("ignored by choice", mapping.Columns[0].Reason);
    }

    [Fact]
    public void An_override_to_an_unknown_target_is_an_error_naming_the_header_and_listing_the_valid_targets()
    {
        var mapping = ColumnMapping.Suggest(["Email"]).WithTarget("Email", "mail", out var problem);

        Assert.Null(mapping);
        Assert.StartsWith("'Email' cannot map to 'mail': it is not a target. Valid targets: externalId, email,", problem, StringComparison.Ordinal);
        Assert.Contains("owner, status, closedAt, firstTouchAt, lossReason", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_for_a_header_the_file_does_not_have_is_an_error_naming_it()
    {
        var mapping = ColumnMapping.Suggest(["Email", "Firma"]).WithTarget("Company", "company", out var problem);

        Assert.Null(mapping);
        Assert.Equal("'Company' is not a column of this file; its columns are 'Email', 'Firma'.", problem);
    }

    [Fact]
    public void Two_headers_chosen_for_one_target_are_refused_naming_both()
    {
        var mapping = ColumnMapping.Suggest(["A", "B"])
            .WithTargets(new Dictionary<string, string?> { ["A"] = "email", ["B"] = "Email" }, out var problem);

        Assert.Null(mapping);
        Assert.Equal("'B' and 'A' are both mapped to 'email'; a target takes one column.", problem);
    }

    [Fact]
    public void Every_wording_of_the_header_table_keeps_its_meaning_under_both_keys()
    {
        Assert.All(ExportHeaders.Table, entry =>
        {
            Assert.Equal(entry.Target, ExportHeaders.Recognise(entry.Header, out _));
            Assert.Equal(entry.Target, ExportHeaders.Recognise(WordingKey.Stripped(entry.Header), out _));
        });
    }
}
