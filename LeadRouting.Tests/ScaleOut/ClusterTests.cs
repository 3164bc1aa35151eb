using System.Net;

namespace LeadRouting.Tests.ScaleOut;

/// <summary>
/// Issue 7 at process level: two real app instances on loopback ports, one PostgreSQL database (Quartz clustered in it),
/// one Redis (SignalR backplane and the live event relay). Every wait has a timeout; nothing asserts on speed.
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Slow(SlowBecause.PostgreSql, SlowBecause.Redis, SlowBecause.AppProcess)]
public sealed class ClusterTests(ScaleOutServers servers)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Five_thousand_leads_posted_alternately_to_two_instances_are_each_stored_and_routed_once_and_the_pool_stays_even()
    {
        using var cluster = await Cluster.StartAsync(servers, "even_pool");
        await cluster.PublishEvenRoutingAsync();

        const int Leads = 5_000;
        var results = new (HttpStatusCode? Status, string? LeadId)[Leads];
        await Parallel.ForEachAsync(Enumerable.Range(0, Leads), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
            results[n] = await Cluster.PostLeadAsync(cluster.Api(n % 2), Cluster.Lead("even", n)));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Equal(Leads, results.Select(r => r.LeadId).Distinct().Count());

        // Stored once, routed once: one lead row, one routing decision and one Routed event per submission.
        Assert.Equal(Leads, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"Leads\""));
        Assert.Equal(Leads, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"RoutingDecisions\""));
        Assert.Equal(Leads, await cluster.ScalarAsync<int>("SELECT COUNT(DISTINCT \"LeadId\") FROM \"RoutingDecisions\""));
        Assert.Equal(Leads, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"AuditEvents\" WHERE \"Type\" = 'Routed'"));

        // Every lead went through the one round-robin pool (two SDRs of weight 1): their counts differ by at most one.
        Assert.Equal(1, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"RoundRobinPools\""));
        var perRep = await cluster.CountsAsync("SELECT \"OwnerId\", COUNT(*) FROM \"Leads\" GROUP BY \"OwnerId\"");
        Assert.Equal(2, perRep.Count);
        Assert.DoesNotContain(perRep, r => r.Key == "");
        Assert.Equal(Leads, perRep.Sum(r => r.Count));
        Assert.InRange(perRep.Max(r => r.Count) - perRep.Min(r => r.Count), 0, 1);
    }

    [Fact]
    public async Task Two_instances_started_together_on_an_empty_database_seed_it_once_and_both_route()
    {
        using var cluster = await Cluster.StartTogetherAsync(servers, "cold_start");

        // One configuration version, one demo key, one set of demo users: the other instance waited and found it done.
        Assert.Equal(1, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"ConfigurationVersions\""));
        Assert.Equal(1, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"ApiKeys\""));

        // Both schedulers created or found Quartz's tables and checked in to the one cluster.
        await Eventually.HoldsAsync(async () => await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM qrtz_scheduler_state") == 2,
            "both schedulers checked in");
        for (var instance = 0; instance < 2; instance++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Cluster.PostLeadAsync(cluster.Api(instance), Cluster.Lead("cold", instance))).Status);
        }
    }

    [Fact]
    public async Task The_same_person_submitted_to_both_instances_at_once_is_one_lead()
    {
        using var cluster = await Cluster.StartAsync(servers, "dedup");
        await cluster.PublishEvenRoutingAsync();

        // No externalId: only the e-mail says it is the same person, so the dedup rule itself must hold across instances.
        const int People = 50;
        var results = await Task.WhenAll(Enumerable.Range(0, People).SelectMany(n =>
        {
            var lead = Cluster.Lead("dedup", n);
            lead.Remove("externalId");
            return new[] { Cluster.PostLeadAsync(cluster.Api(0), lead), Cluster.PostLeadAsync(cluster.Api(1), (System.Text.Json.Nodes.JsonObject)lead.DeepClone()) };
        }));

        // Of each pair one is routed (201), the other merged into it (200), whichever instance came second.
        Assert.Equal(People, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(People, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(results.Chunk(2), pair => Assert.Equal(pair[0].LeadId, pair[1].LeadId));
        Assert.Equal(People, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"Leads\""));
        Assert.Equal(People, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"AuditEvents\" WHERE \"Type\" = 'Routed'"));
        Assert.Equal(People, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"AuditEvents\" WHERE \"Type\" = 'Merged'"));
        Assert.Equal(People, await cluster.ScalarAsync<int>("SELECT COUNT(DISTINCT \"LeadId\") FROM \"AuditEvents\" WHERE \"Type\" = 'Merged'"));
    }

    [Fact]
    public async Task Two_hundred_leads_falling_due_together_are_each_escalated_once_across_the_cluster()
    {
        using var cluster = await Cluster.StartAsync(servers, "due_together");
        await cluster.PublishEvenRoutingAsync();

        const int Leads = 200;
        var results = await Task.WhenAll(Enumerable.Range(0, Leads).Select(n => Cluster.PostLeadAsync(cluster.Api(n % 2), Cluster.Lead("due", n))));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Status));

        // The acceptance windows run out at once (moved into the past in the database: waiting out the real windows
        // would take half an hour). Both instances' schedulers are live and sweep every second.
        await cluster.ExecuteAsync($"UPDATE \"Leads\" SET \"EscalateAt\" = {DateTimeOffset.UtcNow.AddSeconds(-1).UtcTicks} WHERE \"EscalateAt\" IS NOT NULL");
        await Eventually.HoldsAsync(
            async () => await cluster.ScalarAsync<int>("SELECT COUNT(DISTINCT \"LeadId\") FROM \"AuditEvents\" WHERE \"Type\" = 'Reassigned'") == Leads,
            $"all {Leads} due leads reassigned", Long);

        // A few more sweeps in the cluster: a double escalation would show now. The sweep trigger cannot fire while
        // its job runs ([DisallowConcurrentExecution]), so three more fires mean at least two whole sweeps after this.
        var fired = await SweepFiresAsync(cluster);
        await Eventually.HoldsAsync(async () => await SweepFiresAsync(cluster) >= fired + 3, "three more fires of the sweep trigger", Long);
        Assert.Equal(Leads, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"AuditEvents\" WHERE \"Type\" = 'Reassigned'"));
        Assert.Equal(Leads, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"Leads\" WHERE \"Reassignments\" = 1"));
    }

    [Fact]
    public async Task A_hub_client_of_one_instance_receives_the_events_of_leads_ingested_on_the_other()
    {
        using var cluster = await Cluster.StartAsync(servers, "hub_events");
        await using var onA = await cluster.ListenAsync(0);
        await using var onB = await cluster.ListenAsync(1);

        var toB = await Task.WhenAll(Enumerable.Range(0, 20).Select(n => Cluster.PostLeadAsync(cluster.Api(1), Cluster.Lead("hub-b", n))));
        var toA = await Task.WhenAll(Enumerable.Range(0, 20).Select(n => Cluster.PostLeadAsync(cluster.Api(0), Cluster.Lead("hub-a", n))));
        var all = toA.Concat(toB).Select(r => r.LeadId!).ToList();
        Assert.All(toA.Concat(toB), r => Assert.Equal(HttpStatusCode.Created, r.Status));

        await Eventually.HoldsAsync(() => all.All(onA.Received("Routed").ContainsKey) && all.All(onB.Received("Routed").ContainsKey),
            "every Routed event on both instances' hub clients");

        // One more lead ingested on each instance, heard on both: Redis and SignalR deliver in order per connection, so a
        // second copy of an earlier event sent the same way would have arrived before these.
        var markers = new[] { await Cluster.PostLeadAsync(cluster.Api(0), Cluster.Lead("hub-marker", 0)), await Cluster.PostLeadAsync(cluster.Api(1), Cluster.Lead("hub-marker", 1)) };
        await Eventually.HoldsAsync(() => markers.All(m => onA.Received("Routed").ContainsKey(m.LeadId!) && onB.Received("Routed").ContainsKey(m.LeadId!)),
            "the marker leads' Routed events on both instances' hub clients");
        Assert.All(all, id => Assert.Equal(1, onA.Received("Routed")[id]));
        Assert.All(all, id => Assert.Equal(1, onB.Received("Routed")[id]));
    }

    [Fact]
    public async Task A_sign_in_on_one_instance_holds_on_the_other_and_every_read_works_on_the_shared_store()
    {
        using var cluster = await Cluster.StartAsync(servers, "shared_reads");
        var leads = await Task.WhenAll(Enumerable.Range(0, 30).Select(n => Cluster.PostLeadAsync(cluster.Api(n % 2), Cluster.Lead("reads", n))));
        Assert.All(leads, r => Assert.Equal(HttpStatusCode.Created, r.Status));

        // The sign-in cookie is protected with the key ring in the database, so the other instance can read it.
        var jar = new CookieContainer();
        using var browserA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar }) { BaseAddress = cluster.Instances[0].BaseAddress };
        using var signIn = await Api.LeadRoutingApiFactory.PostLoginAsync(browserA, "nora.klein@leadrouting.demo", EndToEnd.AppProcess.DemoPassword);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var signInCookie = jar.GetCookies(cluster.Instances[0].BaseAddress)[Web.Security.SignInServiceCollectionExtensions.CookieName];
        Assert.NotNull(signInCookie);
        var cookie = $"{signInCookie.Name}={signInCookie.Value}";
        using var browserB = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = cluster.Instances[1].BaseAddress };
        browserB.DefaultRequestHeaders.Add("Cookie", cookie);
        foreach (var page in new[] { "/board", "/analytics", "/settings/teams", $"/leads/{leads[0].LeadId}" })
        {
            var response = await browserB.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page} on B with A's sign-in: {(int)response.StatusCode} {response.Headers.Location}");
        }

        // The report queries (SQL of their own) and the lead reads answer from PostgreSQL on either instance.
        foreach (var report in new[] { "sla", "conversion", "speed-to-lead", "heatmap", "capacity", "flow", "export.csv" })
        {
            var response = await cluster.Api(1).GetAsync($"/api/reports/{report}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/api/reports/{report}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        foreach (var (_, id) in leads)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.Api(0).GetAsync($"/api/leads/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task An_instance_killed_during_load_loses_no_acknowledged_lead_and_the_other_carries_out_its_escalations()
    {
        using var cluster = await Cluster.StartAsync(servers, "kill_nine");
        await cluster.PublishEvenRoutingAsync();

        const int Leads = 1_000;
        var results = new (HttpStatusCode? Status, string? LeadId)[Leads];
        var acknowledged = 0;
        var killed = Task.Run(async () =>
        {
            await Eventually.HoldsAsync(() => Volatile.Read(ref acknowledged) >= 300, "300 leads acknowledged before the kill", Long);
            cluster.Instances[1].KillHard();
        });
        await Parallel.ForEachAsync(Enumerable.Range(0, Leads), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
        {
            results[n] = await Cluster.PostLeadAsync(cluster.Api(n % 2), Cluster.Lead("kill", n));
            if (results[n].Status == HttpStatusCode.Created)
            {
                Interlocked.Increment(ref acknowledged);
            }
        });
        await killed;

        // Every 201 is in the database; the dead instance refused or dropped the rest, which nobody was told about.
        var acked = results.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.LeadId!).ToList();
        Assert.True(acked.Count < Leads, "the kill should have cut some requests off");
        Assert.All(results.Where(r => r.Status is not null), r => Assert.Equal(HttpStatusCode.Created, r.Status));
        var stored = await cluster.IdsAsync("SELECT \"Id\" FROM \"Leads\"");
        Assert.DoesNotContain(acked, id => !stored.Contains(id));

        // Whatever falls due now is the survivor's to escalate, including what its dead peer's scheduler held.
        var due = await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"Leads\" WHERE \"EscalateAt\" IS NOT NULL");
        Assert.Equal(stored.Count, due);
        await cluster.ExecuteAsync($"UPDATE \"Leads\" SET \"EscalateAt\" = {DateTimeOffset.UtcNow.AddSeconds(-1).UtcTicks} WHERE \"EscalateAt\" IS NOT NULL");
        await Eventually.HoldsAsync(
            async () => await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"Leads\" WHERE \"Reassignments\" = 1") == due,
            $"all {due} due leads reassigned by the surviving instance", Long);
        Assert.Equal(due, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"AuditEvents\" WHERE \"Type\" = 'Reassigned'"));
    }

    [Fact]
    public async Task With_Redis_stopped_routing_goes_on_and_live_updates_resume_after()
    {
        using var cluster = await Cluster.StartAsync(servers, "redis_down");
        await using var onA = await cluster.ListenAsync(0);

        await servers.Redis.StopAsync();
        try
        {
            var during = await Task.WhenAll(Enumerable.Range(0, 20).Select(n => Cluster.PostLeadAsync(cluster.Api(n % 2), Cluster.Lead("redis-down", n))));
            Assert.All(during, r => Assert.Equal(HttpStatusCode.Created, r.Status));
            Assert.Equal(20, await cluster.ScalarAsync<int>("SELECT COUNT(*) FROM \"Leads\""));

            // Redis stays away until both instances have noticed (their /health names it), not for a fixed time.
            await Eventually.HoldsAsync(async () => (await Task.WhenAll(cluster.Instances.Select(HealthAsync))).All(h => h.StartsWith("Degraded", StringComparison.Ordinal)),
                "both instances report Degraded without Redis", Long);
        }
        finally
        {
            await servers.Redis.StartAsync();
        }

        // Once the instances have reconnected, a lead ingested on B reaches the hub client on A again. Events sent
        // before the relay was back are not replayed, so each poll that has heard none of them yet sends another.
        var sent = new List<string>();
        await Eventually.HoldsAsync(async () =>
        {
            if (sent.Any(onA.Received("Routed").ContainsKey))
            {
                return true;
            }

            var (status, id) = await Cluster.PostLeadAsync(cluster.Api(1), Cluster.Lead("redis-back", sent.Count));
            Assert.Equal(HttpStatusCode.Created, status);
            sent.Add(id!);
            return false;
        }, "a lead ingested on B after Redis came back heard on A", Long);
    }

    [Fact]
    public async Task After_a_PostgreSQL_restart_both_instances_route_again_without_a_restart_of_their_own()
    {
        using var cluster = await Cluster.StartAsync(servers, "pg_restart");
        await using var onA = await cluster.ListenAsync(0);
        Assert.Equal(HttpStatusCode.Created, (await Cluster.PostLeadAsync(cluster.Api(0), Cluster.Lead("pg-before", 0))).Status);

        await servers.Postgres.RestartAsync();

        for (var instance = 0; instance < 2; instance++)
        {
            var http = cluster.Api(instance);
            var attempt = 0;
            await Eventually.HoldsAsync(async () =>
                (await Cluster.PostLeadAsync(http, Cluster.Lead($"pg-after-{instance}", attempt++))).Status == HttpStatusCode.Created,
                $"instance {instance} routes again after the restart", Long);
        }

        // Recovered, not just lucky once: every further lead is routed, and its event is heard live.
        var after = await Task.WhenAll(Enumerable.Range(0, 20).Select(n => Cluster.PostLeadAsync(cluster.Api(n % 2), Cluster.Lead("pg-steady", n))));
        Assert.All(after, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        await Eventually.HoldsAsync(() => after.All(r => onA.Received("Routed").ContainsKey(r.LeadId!)),
            "the Routed events of the leads after the restart on A's hub client");
        for (var instance = 0; instance < 2; instance++)
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.Api(instance).GetAsync("/health")).StatusCode);
        }
    }

    /// <summary>How often the escalation sweep's trigger has fired, on whichever instance (Quartz's clustered tables).</summary>
    private static Task<long> SweepFiresAsync(Cluster cluster) =>
        cluster.ScalarAsync<long>("SELECT COALESCE(SUM(times_triggered), 0) FROM qrtz_simple_triggers");

    private static async Task<string> HealthAsync(EndToEnd.AppProcess instance)
    {
        using var http = new HttpClient { BaseAddress = instance.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync("/health");
        return await response.Content.ReadAsStringAsync();
    }
}
