using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Api;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LeadRouting.Tests.Leads;

/// <summary>
/// Issue 17: the lead page's History and the board's activity speak the reader's language and time. The services store
/// each audit detail as an English sentence with UTC stamps (the API answers them so); <see cref="HistoryText"/> shows
/// them in the person's zone and, for German readers, in German. One app lives through every kind of event — demo
/// history, routing, accept, touches with a note and next step, outcomes, decline, lapses, escalation, a manager's
/// assignment after the target passed, new signals, a history import — and every line it wrote must have German.
/// </summary>
public sealed class LeadHistoryTextTests(ITestOutputHelper output) : IDisposable
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private readonly LeadRoutingApiFactory _factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Demo:HistoryDays"] = "3" });
    private int _sequence;

    public void Dispose() => _factory.Dispose();

    private LeadActionsService Actions => _factory.Services.GetRequiredService<LeadActionsService>();

    private EscalationSweep Sweep => _factory.Services.GetRequiredService<EscalationSweep>();

    private async Task<T> DbAsync<T>(Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private Task<LeadEntity> LeadAsync(string id) => DbAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == id));

    private PersonFormat Format(CultureInfo culture)
    {
        var format = _factory.Services.CreateScope().ServiceProvider.GetRequiredService<PersonFormat>();
        format.Use(Berlin, culture);
        return format;
    }

    private async Task<LeadEntity> AssignedLeadAsync(SignalType source = SignalType.DemoRequest)
    {
        var n = Interlocked.Increment(ref _sequence);
        var result = await _factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"anna.{n}@history-{n}.de", FirstName = "Anna", LastName = "History", Company = $"History {n} GmbH",
            Country = "DE", Employees = 400, Industry = "Software", Source = source,
        }, "test", CancellationToken.None);
        return await LeadAsync(result.LeadId!);
    }

    /// <summary>Moves the app's clock just past <paramref name="instant"/> (if it is not past already).</summary>
    private void Pass(DateTimeOffset? instant)
    {
        if (instant!.Value >= _factory.Time.GetUtcNow())
        {
            _factory.Time.SetUtcNow(instant.Value.AddMinutes(1));
        }
    }

    /// <summary>Every kind of lead event the app writes, each through the service a person's click or the clock uses.</summary>
    private async Task LiveThroughEveryKindOfEventAsync()
    {
        // Accepted, then called with a note and a next step (first response within target), e-mailed, won.
        var won = await AssignedLeadAsync();
        var rep = new LeadActor("Clara Fischer", won.OwnerId);
        Assert.Equal(LeadActionResult.Done, await Actions.AcceptAsync(won.Id, rep, CancellationToken.None));
        Assert.Equal(LeadActionResult.Done, await Actions.LogTouchAsync(won.Id, rep, TouchKind.Call, "Budget confirmed; call back", CancellationToken.None,
            nextStep: "Send the offer", nextStepDue: _factory.Time.GetUtcNow().AddDays(1)));
        Assert.Equal(LeadActionResult.Done, await Actions.LogTouchAsync(won.Id, rep, TouchKind.Email, null, CancellationToken.None));
        Assert.Equal(LeadActionResult.Done, await Actions.RecordOutcomeAsync(won.Id, rep, LeadOutcome.Converted, null, CancellationToken.None));

        // Declined with a reason (re-routed), then disqualified by the next owner.
        var declined = await AssignedLeadAsync();
        Assert.Equal(LeadActionResult.Done, await Actions.DeclineAsync(declined.Id, new LeadActor("Rep", declined.OwnerId), "Conflict of interest", CancellationToken.None));
        var next = await LeadAsync(declined.Id);
        var nextRep = new LeadActor("Rep", next.OwnerId);
        Assert.Equal(LeadActionResult.Done, await Actions.LogTouchAsync(next.Id, nextRep, TouchKind.Meeting, null, CancellationToken.None));
        Assert.Equal(LeadActionResult.Done, await Actions.RecordOutcomeAsync(next.Id, nextRep, LeadOutcome.Disqualified, "No budget", CancellationToken.None));

        // Accepted, untouched by the trigger: escalated.
        var escalated = await AssignedLeadAsync();
        Assert.Equal(LeadActionResult.Done, await Actions.AcceptAsync(escalated.Id, new LeadActor("Rep", escalated.OwnerId), CancellationToken.None));
        Pass((await LeadAsync(escalated.Id)).EscalateAt);
        await Sweep.RunAsync(_factory.Time.GetUtcNow(), CancellationToken.None);

        // Never accepted: two lapses, then the Unassigned queue, where a manager assigns it after its target passed.
        var lapsed = await AssignedLeadAsync();
        for (var round = 0; round < 3; round++)
        {
            Pass((await LeadAsync(lapsed.Id)).EscalateAt);
            await Sweep.RunAsync(_factory.Time.GetUtcNow(), CancellationToken.None);
        }

        Pass((await LeadAsync(lapsed.Id)).RespondBy);
        var manager = new LeadActor("Katrin Vogel", null) { CanAssign = true };
        Assert.Equal(LeadActionResult.Done, await Actions.AssignAsync(lapsed.Id, manager, "dach-sdr-1", "Speaks the prospect's language", CancellationToken.None));
        // And from that rep to another once their own target passed.
        Pass((await LeadAsync(lapsed.Id)).RespondBy);
        Assert.Equal(LeadActionResult.Done, await Actions.AssignAsync(lapsed.Id, manager, "dach-mid-1", "Covering a holiday", CancellationToken.None));

        // A newsletter sign-up (nurture, monitored) that shows buying signals: signals added, the lead routed.
        var nurture = await AssignedLeadAsync(SignalType.NewsletterSignup);
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var at = _factory.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        using var signals = new StringContent($"[{{\"type\":\"PricingPageVisit\",\"at\":\"{at}\"}},{{\"type\":\"DemoRequest\",\"at\":\"{at}\"}}]", Encoding.UTF8, "application/json");
        var signalled = await client.PostAsync($"/api/leads/{nurture.Id}/signals", signals);
        Assert.True(signalled.IsSuccessStatusCode, await signalled.Content.ReadAsStringAsync());

        // A CRM backlog imported as history: won with a known owner, lost with a reason and an owner who is not a rep here.
        const string backlog =
            "Lead ID,First Name,Last Name,Email,Company,Lead Source,Created Date,Lead Owner,Lead Status,Converted Date\n" +
            "00Q1,Lena,Alt,lena@alt-crm.de,Alt GmbH,Web,2026-10-01 09:30,Clara Fischer,Closed - Converted,2026-10-20\n" +
            "00Q2,Mark,Alt,mark@alt-crm.de,Alt GmbH,Web,2026-10-02 10:00,Someone Gone,Closed - Not Converted,\n";
        var file = new StringContent(backlog, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var imported = await client.PostAsync("/api/leads/import?mode=history", new MultipartFormDataContent { { file, LeadImportApi.FileField, "backlog.csv" } });
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_line_of_every_lead_s_history_has_German()
    {
        await LiveThroughEveryKindOfEventAsync();
        var german = Format(German);

        var events = await DbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.LeadId != null).ToListAsync());
        var kinds = events.Select(e => e.Type).ToHashSet();
        foreach (var kind in new[] { "Routed", "Accepted", "Touched", "Outcome", "Declined", "Rerouted", "Escalated", "Reassigned", "ManagerNotified", "AssignedByManager", "SignalsAdded", "StageChanged", HistoryRecorder.ImportedEvent })
        {
            Assert.True(kinds.Contains(kind), $"No {kind} event was written: the test no longer covers it.");
        }

        var missing = events.Select(e => e.Detail).Distinct().Where(d => HistoryText.German(d, german) is null).ToList();
        foreach (var line in missing)
        {
            output.WriteLine(line);
        }

        Assert.True(missing.Count == 0, $"{missing.Count} history line(s) without German, e.g. '{missing.FirstOrDefault()}'");

        // The reasons the same events carry to emails and chat: a routing name or a sentence with German. Only what a
        // person typed (the disqualification's "No budget") stays as it was written.
        var reasons = (await DbAsync(db => db.Outbox.AsNoTracking().Select(m => m.Payload).ToListAsync()))
            .Select(p => System.Text.Json.JsonSerializer.Deserialize<LeadRouting.Web.Live.LeadEvent>(p, LeadRouting.Web.Live.LeadEventJson.Outbox)!.Reason)
            .OfType<string>().Distinct().Where(r => r != "No budget").ToList();
        Assert.Contains("acceptance window lapsed", reasons);
        var untranslated = reasons.Where(r => !RoutingWords.Knows(r) && TraceText.German(r) is null).ToList();
        Assert.True(untranslated.Count == 0, $"Reasons without German: {string.Join(" | ", untranslated)}");
    }

    [Fact]
    public async Task A_history_line_reads_in_the_person_s_language_and_local_time_never_UTC()
    {
        await LiveThroughEveryKindOfEventAsync();
        var events = await DbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.LeadId != null).ToListAsync());

        var call = events.Single(e => e.Type == "Touched" && e.Detail.StartsWith("Call by Clara Fischer", StringComparison.Ordinal) && e.Detail.Contains("; note: ", StringComparison.Ordinal)).Detail;
        Assert.Equal("Anruf von Clara Fischer; erste Reaktion innerhalb der Vorgabe; Notiz: Budget confirmed; call back; nächster Schritt: Send the offer",
            HistoryText.Of(call, Format(German)));
        Assert.Equal(call, HistoryText.Of(call, Format(CultureInfo.GetCultureInfo("en-GB"))));

        // The manager's second assignment: the first rep's target had passed, stored in UTC, read in Berlin time.
        var assigned = events.Single(e => e.Type == "AssignedByManager" && e.Detail.Contains("(was dach-sdr-1)", StringComparison.Ordinal)).Detail;
        var stamp = System.Text.RegularExpressions.Regex.Match(assigned, @"the response target \((?<utc>[0-9-]+ [0-9:]+) UTC\) had passed with dach-sdr-1$");
        Assert.True(stamp.Success, assigned);
        var passed = DateTimeOffset.ParseExact(stamp.Groups["utc"].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        var english = Format(CultureInfo.GetCultureInfo("en-GB"));
        Assert.Equal(
            $"assigned to Clara Fischer by Katrin Vogel (was dach-sdr-1): Covering a holiday; the response target ({english.DateTime(passed)}) had passed with dach-sdr-1",
            HistoryText.Of(assigned, english));
        var german = Format(German);
        Assert.Equal(
            $"Clara Fischer zugewiesen von Katrin Vogel (zuvor dach-sdr-1): Covering a holiday; die Reaktionsfrist ({german.DateTime(passed)}) war bei dach-sdr-1 abgelaufen",
            HistoryText.Of(assigned, german));
        Assert.NotEqual(passed.UtcDateTime.Hour, german.Local(passed).Hour); // Berlin is not UTC: the time shown moved
    }
}
