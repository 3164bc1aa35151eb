using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Privacy;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Leads;

/// <summary>
/// A decision's trace is stored compressed (issue 21); rows written before keep it as JSON text. Both read the same: the
/// API, the erasure and the export see one trace whichever form a row holds.
/// </summary>
public sealed class StoredTraceTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private readonly LeadRoutingApiFactory _factory = factory;

    private static readonly List<StoredTraceStep> Sample =
    [
        new("Segment", "DE, 350 employees, Software", "Mid-market DACH (rule 3 of 12)", []),
        new("Eligibility", "4 reps in DACH Sales", "2 eligible",
            [new StoredExclusion("dach-ad-2", "Jörg Weiß", "out of office until 2026-12-04"), new StoredExclusion("dach-ad-3", "Zoë „Z“ Ünal", "at capacity (25 of 25 open)")]),
        new("Distribution", "round robin", "Lena Vogel (pass 12 of 12)", []),
    ];

    [Fact]
    public void Compressed_trace_reads_back_as_the_same_json_and_is_smaller()
    {
        var json = StoredTrace.Serialize(Sample);

        var data = StoredTrace.Compress(json);

        Assert.Equal(StoredTrace.BrotliJson, data[0]);
        Assert.Equal(json, StoredTrace.Decompress(data));
        Assert.True(data.Length < Encoding.UTF8.GetByteCount(json), $"{data.Length} bytes compressed, {json.Length} chars of JSON");
    }

    [Fact]
    public void Old_row_with_json_text_reads_like_a_new_row_with_compressed_data()
    {
        var json = StoredTrace.Serialize(Sample);
        var old = Row(json, null);
        var current = Row("", null);
        StoredTrace.Store(current, json);

        Assert.Equal("", current.TraceJson);
        Assert.NotNull(current.TraceData);
        Assert.Equal(StoredTrace.JsonOf(old), StoredTrace.JsonOf(current));
        Assert.Equal(Sample, StoredTrace.Read(old), new StepComparer());
        Assert.Equal(Sample, StoredTrace.Read(current), new StepComparer());
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 2, 10, 0 })]
    [InlineData(new byte[] { 1, 200 })]
    public void Data_in_an_unknown_form_is_refused_not_misread(byte[] data) =>
        Assert.Throws<InvalidDataException>(() => StoredTrace.Decompress(data));

    [Fact]
    public async Task Api_answers_the_same_lead_and_trace_for_an_old_format_row_as_for_the_new_one()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var created = await client.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = "jorg.trace-format@kesselwerk.de",
            ["firstName"] = "Jörg",
            ["lastName"] = "Weiß",
            ["company"] = "Kesselwerk",
            ["employees"] = 350,
            ["country"] = "DE",
            ["source"] = "DemoRequest",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;
        var stored = await WithDbAsync(db => db.Decisions.SingleAsync(d => d.LeadId == id));
        Assert.Equal("", stored.TraceJson);
        Assert.NotNull(stored.TraceData);
        var asNew = await client.GetStringAsync($"/api/leads/{id}");
        Assert.Contains("\"trace\":[{", asNew, StringComparison.Ordinal);

        // The same row as today's code wrote it before issue 21: the JSON as text, no compressed data.
        await RewriteAsOldFormatAsync(id);
        var asOld = await client.GetStringAsync($"/api/leads/{id}");

        Assert.Equal(asNew, asOld);
    }

    [Fact]
    public async Task Erasure_scrubs_an_old_format_trace_and_keeps_it_readable()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        const string email = "zoe.erase-old@traceformat.de";
        var created = await client.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = email,
            ["firstName"] = "Zoë",
            ["lastName"] = "Ünalsdottir",
            ["company"] = "Traceformat",
            ["employees"] = 40,
            ["country"] = "DE",
            ["source"] = "ContactSales",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;
        // A trace that names the person, written the old way (the routing trace names the lead's person only in some steps).
        await WithDbAsync(async db =>
        {
            var decision = await db.Decisions.SingleAsync(d => d.LeadId == id);
            var steps = StoredTrace.Read(decision);
            steps.Add(new StoredTraceStep("Note", "Zoë Ünalsdottir asked for a call", "kept", []));
            decision.TraceJson = StoredTrace.Serialize(steps);
            decision.TraceData = null;
            return await db.SaveChangesAsync();
        });

        await _factory.Services.GetRequiredService<PersonalDataEraser>().EraseByEmailAsync(email, "privacy-officer", CancellationToken.None);

        var after = await WithDbAsync(db => db.Decisions.SingleAsync(d => d.LeadId == id));
        var trace = StoredTrace.Read(after);
        Assert.NotEmpty(trace);
        Assert.DoesNotContain("Ünalsdottir", StoredTrace.JsonOf(after), StringComparison.Ordinal);
        Assert.Contains(trace, s => s.Step == "Note");
    }

    private async Task RewriteAsOldFormatAsync(string leadId) => await WithDbAsync(async db =>
    {
        foreach (var decision in await db.Decisions.Where(d => d.LeadId == leadId).ToListAsync())
        {
            decision.TraceJson = StoredTrace.JsonOf(decision);
            decision.TraceData = null;
        }

        return await db.SaveChangesAsync();
    });

    private async Task<T> WithDbAsync<T>(Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private static RoutingDecisionEntity Row(string traceJson, byte[]? traceData) => new()
    {
        LeadId = "ld_test",
        Reason = "Routed",
        TraceJson = traceJson,
        TraceData = traceData,
    };

    private sealed class StepComparer : IEqualityComparer<StoredTraceStep>
    {
        public bool Equals(StoredTraceStep? x, StoredTraceStep? y) =>
            x is not null && y is not null && x.Step == y.Step && x.Input == y.Input && x.Outcome == y.Outcome && x.Excluded.SequenceEqual(y.Excluded);

        public int GetHashCode(StoredTraceStep obj) => obj.Step.GetHashCode(StringComparison.Ordinal);
    }
}
