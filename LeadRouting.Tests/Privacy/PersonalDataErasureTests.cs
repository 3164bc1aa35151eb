using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Privacy;
using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Privacy;

/// <summary>
/// <c>POST /api/privacy/erase</c> and <c>GET /api/privacy/export</c> on a real SQLite file: after an erasure the person's
/// email and name are nowhere — no table, no file of the data folder (the development mail sink's <c>.eml</c> files, the
/// write-ahead log), not even the free space of the database file — while every report answers as before.
/// </summary>
public sealed class PersonalDataErasureTests : IDisposable
{
    // A name with an umlaut: System.Text.Json writes it as "\u00E4" in traces and payloads, which a plain text search misses.
    private const string FirstName = "Henrike";
    private const string LastName = "Quästenbrink";
    private const string Email = "henrike.quaestenbrink@feinwerk-privacy.de";

    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task After_an_erasure_the_email_and_name_are_nowhere_and_the_reports_are_unchanged()
    {
        var lead = await StoreTheWholeStoryAsync(Email);
        var before = await _factory.QueryAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead));
        var reports = await ReportsAsync();
        Assert.NotEmpty(Mentions());

        var response = await _factory.CreateApiClient(ApiScopes.Admin).PostAsJsonAsync("/api/privacy/erase", new { email = "  Henrike.Quaestenbrink@Feinwerk-Privacy.DE " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changed = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(1, (int)changed["leads"]!);
        Assert.Equal(2, (int)changed["signals"]!);
        Assert.True((int)changed["decisions"]! >= 1, changed.ToJsonString());
        Assert.True((int)changed["auditEvents"]! >= 1, changed.ToJsonString());
        Assert.True((int)changed["outbox"]! >= 1, changed.ToJsonString());
        Assert.Equal(1, (int)changed["touches"]!);
        Assert.True((int)changed["mailFiles"]! >= 1, changed.ToJsonString());

        Assert.Empty(Mentions());
        Assert.Equal(reports, await ReportsAsync());

        var stored = await _factory.QueryAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead));
        Assert.Equal(
            (before.Stage, before.OwnerId, before.TeamId, before.SegmentId, before.Tier, before.Source, before.ReceivedAt, before.FirstTouchAt, before.ResponseStatus, before.EstimatedDealSize),
            (stored.Stage, stored.OwnerId, stored.TeamId, stored.SegmentId, stored.Tier, stored.Source, stored.ReceivedAt, stored.FirstTouchAt, stored.ResponseStatus, stored.EstimatedDealSize));
        Assert.Equal("dach-mid-2", stored.OwnerId);
        Assert.NotNull(stored.ErasedAt);
        Assert.Matches("^erased-[0-9a-f]{32}@erased\\.invalid$", stored.Email);
        Assert.Null(stored.FirstName);
        Assert.Null(stored.LastName);
        Assert.Null(stored.Company);
    }

    [Fact]
    public async Task A_second_erasure_changes_nothing_and_the_audit_entry_names_no_one()
    {
        await StoreTheWholeStoryAsync(Email);
        var client = _factory.CreateApiClient(ApiScopes.Admin);
        var first = await (await client.PostAsJsonAsync("/api/privacy/erase", new { email = Email })).Content.ReadFromJsonAsync<ErasureResult>();
        Assert.Equal(1, first!.Leads);

        var second = await client.PostAsJsonAsync("/api/privacy/erase", new { email = Email });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(ErasureResult.None, await second.Content.ReadFromJsonAsync<ErasureResult>());
        var audits = await _factory.QueryAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Type == PersonalDataEraser.AuditType).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(2, audits.Count);
        Assert.StartsWith("Personal data erased: 1 lead(s)", audits[0].Detail, StringComparison.Ordinal);
        Assert.Equal("api-key:test", audits[0].Actor);
        Assert.All(audits, a => Assert.DoesNotContain("henrike", a.Detail, StringComparison.OrdinalIgnoreCase));
        Assert.All(audits, a => Assert.DoesNotContain("feinwerk", a.Detail, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Export_returns_the_persons_leads_signals_decisions_and_notes_and_an_unknown_email_gets_an_empty_report()
    {
        var lead = await StoreTheWholeStoryAsync(Email);
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var report = (await client.GetFromJsonAsync<JsonObject>($"/api/privacy/export?email={Uri.EscapeDataString(" HENRIKE.quaestenbrink@feinwerk-privacy.de")}"))!;

        Assert.Equal(Email, (string)report["email"]!);
        var exported = Assert.Single(report["leads"]!.AsArray())!;
        Assert.Equal((lead, FirstName, LastName, "Feinwerk Nord AG"), ((string)exported["id"]!, (string)exported["firstName"]!, (string)exported["lastName"]!, (string)exported["company"]!));
        Assert.Equal(["DemoRequest", "Webinar"], exported["signals"]!.AsArray().Select(s => (string)s!["type"]!).Order());
        Assert.NotEmpty(exported["decisions"]!.AsArray());
        // The trace as the JSON it is stored as (its steps), not as an escaped string.
        Assert.Equal(JsonValueKind.Array, JsonSerializer.Deserialize<JsonElement>(exported["decisions"]![0]!["trace"]!.ToJsonString()).ValueKind);
        Assert.Contains(exported["history"]!.AsArray(), e => (string)e!["type"]! == "Created" || (string)e!["type"]! == "Routed");
        Assert.Contains(exported["touches"]!.AsArray(), t => ((string?)t!["note"])?.Contains(FirstName, StringComparison.Ordinal) == true);
        Assert.NotEmpty(exported["tasks"]!.AsArray());
        Assert.NotEmpty(exported["notifications"]!.AsArray());

        var unknown = await client.GetAsync("/api/privacy/export?email=nobody@nowhere-privacy.de");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var empty = (await unknown.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Empty(empty["leads"]!.AsArray());
    }

    [Fact]
    public async Task Erase_and_export_need_an_admin_key_and_a_valid_email()
    {
        var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/privacy/erase", new { email = Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/privacy/export?email={Email}")).StatusCode);

        var reader = _factory.CreateApiClient(ApiScopes.Read, ApiScopes.Ingest);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/privacy/erase", new { email = Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"/api/privacy/export?email={Email}")).StatusCode);

        var admin = _factory.CreateApiClient(ApiScopes.Admin);
        foreach (var body in new object[] { new { }, new { email = "" }, new { email = "not an address" } })
        {
            var refused = await admin.PostAsJsonAsync("/api/privacy/erase", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("email", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        }

        var badExport = await admin.GetAsync("/api/privacy/export?email=@@");
        Assert.Equal(HttpStatusCode.BadRequest, badExport.StatusCode);
        Assert.Contains("email", (await badExport.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0, await _factory.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Type == PersonalDataEraser.AuditType)));
    }

    [Fact]
    public async Task The_settings_page_download_of_the_export_is_for_Ops_only()
    {
        var lead = await IngestAsync(Email, FirstName, LastName);
        var path = $"{LeadRouting.Web.Api.PrivacyApi.PageExportPath}?email={Uri.EscapeDataString(Email)}";

        var rep = await _factory.CreateSignedInClientAsync("dach-mid-1@leadrouting.demo");
        var refused = await rep.GetAsync(path);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain(FirstName, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var manager = await _factory.CreateSignedInClientAsync("katrin.vogel@leadrouting.demo");
        Assert.NotEqual(HttpStatusCode.OK, (await manager.GetAsync(path)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await _factory.CreateBrowserClient().GetAsync(path)).StatusCode);

        var ops = await _factory.CreateSignedInClientAsync("nora.klein@leadrouting.demo");
        var download = await ops.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.DoesNotContain("henrike", download.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.OrdinalIgnoreCase);
        var report = (await download.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(lead.Id, (string)report["leads"]![0]!["id"]!);
    }

    [Fact]
    public async Task Erasing_a_set_of_leads_keeps_the_other_persons_lead_as_it_was()
    {
        var erased = await StoreTheWholeStoryAsync(Email);
        var kept = await IngestAsync("kept.person@feinwerk-privacy.de", "Kept", "Person");
        var eraser = _factory.Services.GetRequiredService<PersonalDataEraser>();

        var result = await eraser.EraseLeadsAsync([erased, kept.Id, erased], "retention", CancellationToken.None);

        Assert.Equal(2, result.Leads);
        var again = await eraser.EraseLeadsAsync([erased, kept.Id], "retention", CancellationToken.None);
        Assert.Equal(ErasureResult.None, again);
        Assert.Equal(1, await _factory.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Type == PersonalDataEraser.AuditType && e.Actor == "retention")));
    }

    /// <summary>
    /// A lead of the person with everything that names them: a routing decision and its trace, audit events, signals, a
    /// task, a manager's reassignment with a reason naming them, a touch with a note, notifications (outbox, deliveries and
    /// the mail sink's files).
    /// </summary>
    private async Task<string> StoreTheWholeStoryAsync(string email)
    {
        var created = await IngestAsync(email, FirstName, LastName);
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var signal = await client.PostAsJsonAsync($"/api/leads/{created.Id}/signals", new JsonArray(new JsonObject { ["type"] = "Webinar", ["at"] = LeadRoutingApiFactory.Now.ToString("O") }));
        Assert.Equal(HttpStatusCode.OK, signal.StatusCode);

        var actions = _factory.Services.GetRequiredService<LeadActionsService>();
        var manager = new LeadActor("Katrin Vogel", null) { CanAssign = true };
        var newOwner = created.OwnerId == "dach-mid-2" ? "dach-mid-1" : "dach-mid-2";
        Assert.Equal(LeadActionResult.Done, await actions.AssignAsync(created.Id, manager, newOwner, $"{FirstName} {LastName} asked for a German speaker", CancellationToken.None));
        if (newOwner != "dach-mid-2")
        {
            Assert.Equal(LeadActionResult.Done, await actions.AssignAsync(created.Id, manager, "dach-mid-2", $"Back to Rolf for {FirstName}", CancellationToken.None));
        }

        Assert.Equal(LeadActionResult.Done, await actions.LogTouchAsync(created.Id, new LeadActor("Rep", "dach-mid-2"), TouchKind.Call, $"{FirstName} wants pricing for 40 seats, call back at {email}", CancellationToken.None));

        // The notifications went out: deliveries recorded and the mail sink wrote its files.
        await Eventually.HoldsAsync(
            async () => (await _factory.DeliveriesAsync("Email")).Count(d => d.LeadId == created.Id && d.Status == DeliveryStatus.Delivered) >= 2,
            "the lead's emails delivered to the mail sink");
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(_factory.DataDirectory, "mail"), "*.eml"));
        return created.Id;
    }

    private async Task<(string Id, string? OwnerId)> IngestAsync(string email, string firstName, string lastName)
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var response = await client.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = email,
            ["firstName"] = firstName,
            ["lastName"] = lastName,
            ["title"] = "Head of Operations",
            ["company"] = "Feinwerk Nord AG",
            ["employees"] = 350,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["source"] = "DemoRequest",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lead = (await response.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!;
        return ((string)lead["id"]!, (string?)lead["ownerId"]);
    }

    /// <summary>Every report's answer, as text: an erasure must not move a single figure.</summary>
    private async Task<string> ReportsAsync()
    {
        var client = _factory.CreateApiClient(ApiScopes.Read);
        var text = new StringBuilder();
        foreach (var report in new[] { "sla", "conversion", "speed-to-lead", "heatmap", "capacity", "flow", "export.csv" })
        {
            var response = await client.GetAsync($"/api/reports/{report}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text.Append(report).Append(": ").AppendLine(await response.Content.ReadAsStringAsync());
        }

        return text.ToString();
    }

    /// <summary>
    /// Where the person's email or name still is: every text value of every table, every file of the data folder (mail
    /// sink, write-ahead log, the database file's bytes — free space included), as written and as JSON escapes it.
    /// </summary>
    private List<string> Mentions()
    {
        var words = new[] { Email, FirstName, LastName }
            .SelectMany(PersonScrubber.StoredForms)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var found = new List<string>();
        var storage = _factory.Services.GetRequiredService<LeadRoutingStorage>();
        using (var connection = (SqliteConnection)storage.Open())
        {
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (!reader.IsDBNull(i) && reader.GetValue(i) is string text)
                        {
                            found.AddRange(words.Where(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)).Select(w => $"{table}.{reader.GetName(i)}: {w}"));
                        }
                    }
                }
            }
        }

        foreach (var file in Directory.EnumerateFiles(_factory.DataDirectory, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            // Bytes, not text: the database file's free pages and the log are binary; UTF-8 is how SQLite stores text.
            var latin = Encoding.Latin1.GetString(bytes);
            foreach (var word in words)
            {
                var utf8 = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(word));
                if (latin.Contains(utf8, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add($"{Path.GetRelativePath(_factory.DataDirectory, file)}: {word}");
                }
            }
        }

        return found;
    }
}
