using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Leads;

/// <summary>
/// The group-commit writer on a real SQLite file. A first item that blocks the writer makes everything queued behind
/// it land in one batch, so the tests know which items share a transaction.
/// </summary>
public sealed class LeadWriterTests : IClassFixture<LeadRoutingApiFactory>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly LeadRoutingApiFactory _factory;

    public LeadWriterTests(LeadRoutingApiFactory factory)
    {
        _factory = factory;
        _ = factory.Server; // start the host (and its writer)
    }

    private LeadWriter Writer => _factory.Services.GetRequiredService<LeadWriter>();

    private LeadIngestionService Ingestion => _factory.Services.GetRequiredService<LeadIngestionService>();

    /// <summary>Holds the writer inside a batch until the returned gate is opened.</summary>
    private (Task Blocker, ManualResetEventSlim Gate) BlockWriter()
    {
        var gate = new ManualResetEventSlim();
        var entered = new ManualResetEventSlim();
        var blocker = Writer.WriteAsync(_ =>
        {
            entered.Set();
            return gate.Wait(Timeout);
        }, CancellationToken.None);
        Assert.True(entered.Wait(Timeout), "The writer did not start the blocking item.");
        return (blocker, gate);
    }

    private async Task<List<AuditEventEntity>> EventsAsync(string type)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Type == type).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task A_failing_item_rolls_back_alone_and_the_rest_of_its_batch_commits()
    {
        var (blocker, gate) = BlockWriter();
        var items = Enumerable.Range(0, 40).Select(i => Writer.WriteAsync(session =>
        {
            session.InsertAuditEvent(new AuditEventEntity { At = LeadRoutingApiFactory.Now, Actor = "test", Type = "WriterBatch", Detail = $"item {i}" });
            return i == 17 ? throw new InvalidOperationException("item 17 fails after writing") : i;
        }, CancellationToken.None)).ToList();
        gate.Set();
        await blocker.WaitAsync(Timeout);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => items[17].WaitAsync(Timeout));
        Assert.Equal("item 17 fails after writing", failure.Message);
        foreach (var item in items.Where((_, i) => i != 17))
        {
            await item.WaitAsync(Timeout);
        }

        var details = (await EventsAsync("WriterBatch")).Select(e => e.Detail).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i != 17).Select(i => $"item {i}"), details);
    }

    [Fact]
    public async Task Items_of_one_batch_see_what_the_items_before_them_wrote()
    {
        var person = new LeadSubmission
        {
            Email = "lena.batch@brightlabs.de",
            Company = "Bright Labs",
            Country = "DE",
            Employees = 300,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        };
        var (blocker, gate) = BlockWriter();
        var first = Ingestion.IngestAsync(person, "test", CancellationToken.None);
        var second = Ingestion.IngestAsync(person with { Source = SignalType.PricingPageVisit }, "test", CancellationToken.None);
        gate.Set();
        await blocker.WaitAsync(Timeout);

        var created = await first.WaitAsync(Timeout);
        var merged = await second.WaitAsync(Timeout);
        Assert.Equal(IngestOutcome.Created, created.Outcome);
        Assert.Equal((IngestOutcome.Merged, created.LeadId), (merged.Outcome, merged.LeadId));
    }

    [Fact]
    public async Task Every_value_the_writer_stores_reads_back_the_same_through_EF()
    {
        var submission = new LeadSubmission
        {
            ExternalId = "crm-roundtrip-1",
            Email = "Ana.Roundtrip@Nordwind-Systems.example",
            FirstName = "Ana",
            LastName = "Øster-Łukasz",
            Title = "VP \"Revenue\" <Ops>",
            Company = "Nordwind Systems",
            CompanyDomain = "nordwind-systems.example",
            Employees = 2400,
            Industry = "Manufacturing",
            Country = "de",
            TechStack = ["Salesforce", "SAP", "Snowflake"],
            Source = SignalType.DemoRequest,
            Signals = [new Signal(SignalType.PricingPageVisit, LeadRoutingApiFactory.Now.AddDays(-2)), new Signal(SignalType.Webinar, LeadRoutingApiFactory.Now.AddDays(-9))],
            EstimatedDealSize = 123_456.78m,
            Referral = Referral.None,
            ReceivedAt = LeadRoutingApiFactory.Now.AddMinutes(-3),
        };

        var result = await Ingestion.IngestAsync(submission, "roundtrip-test", CancellationToken.None);
        Assert.Equal(IngestOutcome.Created, result.Outcome);
        var written = result.Stored!;
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var read = (await LeadQueries.FindAsync(db, result.LeadId!, CancellationToken.None))!;

        var (w, r) = (written.Lead, read.Lead);
        Assert.Equal(
            (w.Id, w.ExternalId, w.Email, w.FirstName, w.LastName, w.Title, w.Company, w.CompanyDomain, w.Employees, w.Industry, w.Country),
            (r.Id, r.ExternalId, r.Email, r.FirstName, r.LastName, r.Title, r.Company, r.CompanyDomain, r.Employees, r.Industry, r.Country));
        Assert.Equal(w.TechStack, r.TechStack);
        Assert.Equal((w.Source, w.EstimatedDealSize, w.Referral, w.ReceivedAt), (r.Source, r.EstimatedDealSize, r.Referral, r.ReceivedAt));
        Assert.Equal(
            (w.Stage, w.Intent, w.Fit, w.FitScore, w.Action, w.Tier, w.SegmentId, w.TeamId, w.OwnerId, w.SlaPolicy, w.RespondBy, w.EscalateAt, w.QueuePriority),
            (r.Stage, r.Intent, r.Fit, r.FitScore, r.Action, r.Tier, r.SegmentId, r.TeamId, r.OwnerId, r.SlaPolicy, r.RespondBy, r.EscalateAt, r.QueuePriority));
        Assert.Equal((w.CreatedAt, w.UpdatedAt, w.Version), (r.CreatedAt, r.UpdatedAt, r.Version));
        // The source counts as a signal at receipt (DESIGN.md §3), next to the two submitted.
        Assert.Equal(3, r.Signals.Count);
        Assert.Equal(w.Signals.Select(s => (s.Type, s.At)).OrderBy(s => s.At), r.Signals.Select(s => (s.Type, s.At)));
        Assert.Equal(123_456.78m, r.EstimatedDealSize);
        Assert.Equal("DE", r.Country);
        Assert.Equal("Assigned", r.Stage.ToString());

        var (wd, rd) = (written.Decision!, read.Decision!);
        Assert.Equal(
            (wd.DecidedAt, wd.ConfigurationVersion, wd.Reason, wd.Status, wd.OwnerId, wd.OwnerName, wd.Team, wd.Segment, wd.Distribution, wd.SlaPolicy, wd.RespondBy, wd.EscalateAt),
            (rd.DecidedAt, rd.ConfigurationVersion, rd.Reason, rd.Status, rd.OwnerId, rd.OwnerName, rd.Team, rd.Segment, rd.Distribution, rd.SlaPolicy, rd.RespondBy, rd.EscalateAt));
        Assert.Equal(written.Trace.Select(t => (t.Step, t.Input, t.Outcome, t.Excluded.Count)), read.Trace.Select(t => (t.Step, t.Input, t.Outcome, t.Excluded.Count)));
        Assert.Equal(written.Events.Select(e => (e.At, e.Actor, e.Type, e.Detail)), read.Events.Select(e => (e.At, e.Actor, e.Type, e.Detail)));
    }

    [Fact]
    public async Task A_storage_fault_fails_its_whole_batch_as_storage_unavailable_and_the_writer_carries_on()
    {
        var (blocker, gate) = BlockWriter();
        var bystander = Writer.WriteAsync(session =>
        {
            session.InsertAuditEvent(new AuditEventEntity { At = LeadRoutingApiFactory.Now, Actor = "test", Type = "WriterFault", Detail = "bystander" });
            return 1;
        }, CancellationToken.None);
        // What SQLite raises when a statement needs a page the disk cannot give.
        var faulty = Writer.WriteAsync<int>(_ => throw new SqliteException("database or disk is full", 13), CancellationToken.None);
        gate.Set();
        await blocker.WaitAsync(Timeout);

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => faulty.WaitAsync(Timeout));
        Assert.Equal("the disk or the database is full (SQLite error 13)", refused.Reason);
        Assert.IsType<SqliteException>(refused.InnerException);
        // One transaction: SQLite may have rolled all of it back, so its other items are refused too, not half-stored.
        await Assert.ThrowsAsync<StorageUnavailableException>(() => bystander.WaitAsync(Timeout));
        Assert.Empty(await EventsAsync("WriterFault"));

        // The writer is still there: the next write commits and records the outage it ended.
        Assert.Equal(2, await Writer.WriteAsync(session =>
        {
            session.InsertAuditEvent(new AuditEventEntity { At = LeadRoutingApiFactory.Now, Actor = "test", Type = "WriterFault", Detail = "after" });
            return 2;
        }, CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(["after"], (await EventsAsync("WriterFault")).Select(e => e.Detail));
        Assert.Null(_factory.Services.GetRequiredService<StorageAvailability>().Outage);
        Assert.Contains("the disk or the database is full (SQLite error 13)", Assert.Single(await EventsAsync(LeadWriter.StorageRecoveredAuditType)).Detail, StringComparison.Ordinal);
    }
}
