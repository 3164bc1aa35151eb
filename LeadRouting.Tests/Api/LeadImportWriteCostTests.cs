using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// What an import costs the writer, counted in SQL statements rather than seconds (the machine is shared, a statement
/// count is not): a dry run writes only what routing reads back, so it runs far fewer statements than the import it
/// predicts, and still predicts it exactly. Real SQLite file, real HTTP.
/// </summary>
public sealed class LeadImportWriteCostTests : IDisposable
{
    private const int NewPeople = 20;
    private const int Repeats = 10;

    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private LeadWriter Writer => _factory.Services.GetRequiredService<LeadWriter>();

    private static MultipartFormDataContent Form(string csv)
    {
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, LeadImportApi.FileField, "leads.csv" } };
    }

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Statements the writer ran while <paramref name="work"/> ran (nothing else writes in this host).</summary>
    private async Task<(long Statements, T Result)> CountedAsync<T>(Func<Task<T>> work)
    {
        var before = await Writer.WriteAsync(session => session.Statements, CancellationToken.None);
        var result = await work();
        var after = await Writer.WriteAsync(session => session.Statements, CancellationToken.None);
        return (after - before, result);
    }

    [Fact]
    public async Task A_dry_run_writes_only_what_routing_reads_back_and_still_predicts_the_import_row_for_row()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        // Twenty people, then ten of them again: the repeats merge into the leads the first rows created.
        var csv = new StringBuilder("email,company,companyDomain,employees,industry,country,source,estimatedDealSize\n");
        for (var i = 0; i < NewPeople + Repeats; i++)
        {
            var person = i % NewPeople;
            csv.Append($"buyer{person}@firm{person}.de,Firm {person} GmbH,firm{person}.de,350,Software,DE,DemoRequest,5000\n");
        }

        var (dryRunStatements, dryRun) = await CountedAsync(async () => await OkAsync(await client.PostAsync("/api/leads/import?dryRun=true", Form(csv.ToString()))));
        var (importStatements, import) = await CountedAsync(async () => await OkAsync(await client.PostAsync("/api/leads/import", Form(csv.ToString()))));

        // The prediction is the import, row for row.
        Assert.Equal(NewPeople, (int)dryRun["created"]!);
        Assert.Equal(Repeats, (int)dryRun["merged"]!);
        Assert.Equal(NewPeople, (int)import["created"]!);
        Assert.Equal(Repeats, (int)import["merged"]!);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var stored = await db.Leads.GroupBy(l => l.Stage).Select(g => new { Stage = g.Key.ToString(), Count = g.Count() }).ToListAsync();
        var predicted = dryRun["outcomes"]!.AsObject().Where(o => (int)o.Value! > 0).ToDictionary(o => o.Key, o => (int)o.Value!);
        // A merged row counts its lead's stage again, so the prediction counts every row and the table every lead once.
        Assert.Equal(NewPeople + Repeats, predicted.Values.Sum());
        Assert.Equal(predicted.Keys.Order(), stored.Select(s => s.Stage).Order());

        // Per row the import also writes the decision, its audit event and outbox message (three statements at least)
        // and its own savepoint; the dry run writes none of them and reads no lead back to learn its stage.
        var rows = NewPeople + Repeats;
        Assert.True(
            dryRunStatements <= importStatements - 4 * rows,
            $"The dry run ran {dryRunStatements} statements ({(double)dryRunStatements / rows:F1} per row), the import {importStatements} ({(double)importStatements / rows:F1} per row).");
    }

    [Fact]
    public async Task A_history_import_hands_its_rows_to_the_writer_many_at_a_time_and_a_re_upload_still_changes_nothing()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        const int rows = 2 * LeadImportService.HistoryRowsPerItem + 2;
        var csv = new StringBuilder("Lead ID,Email,Company,Lead Source,Created Date,Lead Status\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append($"00Q{i:D6},buyer{i}@firm{i}.de,Firm {i} GmbH,Web,06/{1 + (i % 28):D2}/2026 9:30 AM,Open - Not Contacted\n");
        }

        const string url = "/api/leads/import?mode=history&locale=en-US";
        var (statements, import) = await CountedAsync(async () => await OkAsync(await client.PostAsync(url, Form(csv.ToString()))));
        var again = await OkAsync(await client.PostAsync(url, Form(csv.ToString())));

        Assert.Equal(rows, (int)import["created"]!);
        Assert.Equal(rows, (int)again["replayed"]!);
        Assert.True((bool)again["unchanged"]!);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(rows, await db.Leads.CountAsync());

        // Per row: the two lookups of an earlier import (by id, by email and receipt), the lead, its signal, its audit
        // event. A writer item per row added its savepoint and release (seven a row); one item per chunk adds two a chunk.
        Assert.True(statements < 6 * rows, $"The history import ran {statements} statements ({(double)statements / rows:F1} per row).");
    }

    [Fact]
    public void The_writer_connection_keeps_the_hot_index_pages_of_a_batch_in_a_64_MiB_page_cache()
    {
        using var connection = _factory.Services.GetRequiredService<LeadRoutingStorage>().OpenWriter();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size;";
        // Negative: KiB. SQLite's default, -2000, missed the cache on most index pages of a large database.
        Assert.Equal(-64L * 1024, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
