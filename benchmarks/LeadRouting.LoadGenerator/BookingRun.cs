using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LeadRouting.Core.Leads;

namespace LeadRouting.LoadGenerator;

/// <summary>
/// <c>--mode book</c> (issue 20): buyers booking meetings through their booking links at a constant arrival rate.
/// <list type="number">
/// <item>Setup: every rep's capacity is raised (<see cref="RepCapacity"/>, default 10,000), so every high-intent lead
/// keeps being assigned and offered a link.</item>
/// <item>Leads: high-intent leads of the usual mix (source DemoRequest or ContactSales) are posted to
/// <c>POST /api/leads</c> by <see cref="CreateClients"/> closed-loop clients until enough of them answer with
/// <c>booking.url</c>; the token is the URL's last segment, the owner the decision's <c>ownerId</c>.</item>
/// <item>Warm-up: <see cref="WarmupClients"/> closed-loop buyers book for <c>--warmup</c> seconds (at most
/// <see cref="MaxWarmupBookings"/>), unmeasured.</item>
/// <item>Measured: an open loop. Arrival <c>i</c> is due at <c>start + i / rate</c> and starts then, whether or not earlier
/// ones were answered. A buyer <c>GET</c>s <c>/api/book/{token}/slots?from=D</c> (D: a random day within
/// <c>--spread-days</c>, so that bookings spread over the reps' calendars as real buyers' do, instead of all taking
/// the first free hours of the week) and <c>POST</c>s <c>/api/book/{token}</c> with a random one of the slots (its start
/// and its <c>repId</c>, as the booking page's button does). A
/// fraction (<c>--race</c> percent) of arrivals are two buyers of the same rep arriving together who both fetch the same
/// day and post the same slot at once: exactly one <c>201</c> and one <c>409</c> is right.</item>
/// </list>
/// Latency of the slots request counts from the arrival's planned time (queueing included: coordinated omission is
/// avoided); the booking's from when it is handed to HttpClient (right after the slots answer; the connection pool is
/// large enough never to make it wait) and, as "whole booking", from the planned arrival.
/// </summary>
public static class BookingRun
{
    private const int CreateClients = 8;
    private const int WarmupClients = 4;
    private const int MaxWarmupBookings = 1_000;

    /// <summary>Connections for the buyers: at 50 arrivals/s far more than are ever busy at once.</summary>
    private const int BuyerConnections = 512;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record BookableLead(int Index, string OwnerId, string Token);

    private sealed record Arrival(BookableLead[] Buyers, DateTimeOffset From, int Seed);

    /// <summary>One buyer's requests, in stopwatch ticks; written only by that buyer's task.</summary>
    private sealed class BuyerRecord
    {
        public long Planned;
        public long GetSent;
        public long GetAnswered;
        public long PostSent;
        public long PostAnswered;
        public string GetOutcome = "not sent";
        public string? PostOutcome;
        public bool Race;

        /// <summary>The meeting a 201 answered: its rep and start, to check that no rep got two meetings at one time.</summary>
        public (string RepId, string Start)? Booked;
    }

    public static async Task<int> RunAsync(LoadOptions options, LeadMix mix, TextWriter output)
    {
        var total = options.Rate * options.DurationSeconds;
        var race = options.RacePercent / 100.0;
        var warmupBookings = options.WarmupSeconds == 0 ? 0 : Math.Min(MaxWarmupBookings, options.WarmupSeconds * options.Rate * 2);
        var needed = warmupBookings + (int)Math.Ceiling(total * (1 + race) * 1.05) + 50;
        var timeout = TimeSpan.FromSeconds(options.DrainSeconds + options.DurationSeconds + 60);

        using var ingest = new IngestClient(options, CreateClients, timeout);
        using var buyers = new HttpClient(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = BuyerConnections,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            },
            disposeHandler: true)
        { BaseAddress = options.Url, Timeout = timeout };

        output.WriteLine($"mode book: {options.Rate:N0} arrivals/s open loop for {options.DurationSeconds} s ({options.RacePercent}% of arrivals two buyers racing for one slot), " +
            $"slots asked from a random day within {options.SpreadDays} days, after a {options.WarmupSeconds} s closed-loop warm-up ({WarmupClients} buyers, " +
            $"at most {MaxWarmupBookings:N0} bookings), {options.Url} (run tag {mix.RunTag})");

        await RepCapacity.ApplyAsync(ingest, options with { RepCapacity = options.RepCapacity ?? 10_000 }, output);

        var created = Stopwatch.StartNew();
        var (leads, posted) = await CreateLeadsAsync(ingest, mix, needed, TimeSpan.FromSeconds(900));
        var owners = leads.GroupBy(l => l.OwnerId).Select(g => g.Count()).OrderDescending().ToArray();
        Report.Line(output, "leads", $"{posted:N0} high-intent leads posted in {created.Elapsed.TotalSeconds:F1} s, {leads.Count:N0} offered a booking link " +
            $"({100.0 * leads.Count / Math.Max(posted, 1):F1}%), owned by {owners.Length} reps ({(owners.Length == 0 ? 0 : owners[0]):N0} to {(owners.Length == 0 ? 0 : owners[^1]):N0} leads each)");
        if (leads.Count < needed)
        {
            Report.Line(output, "error", $"only {leads.Count:N0} of the {needed:N0} bookable leads the run needs were offered a link");
            return 1;
        }

        var pool = new LeadPool(leads);
        var random = new Random(options.Seed);
        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        Arrival NextArrival(bool racing)
        {
            var first = pool.Next();
            var second = racing ? pool.NextOf(first.OwnerId) : null;
            var from = new DateTimeOffset(today.AddDays(random.Next(0, options.SpreadDays)), TimeSpan.Zero);
            return new Arrival(second is null ? [first] : [first, second], from, random.Next());
        }

        // Warm-up: closed loop, not recorded, bounded in time and in leads used.
        if (warmupBookings > 0)
        {
            var warmupArrivals = new Queue<Arrival>(Enumerable.Range(0, warmupBookings).Select(_ => NextArrival(racing: false)));
            var until = Stopwatch.GetTimestamp() + options.WarmupSeconds * Stopwatch.Frequency;
            var warm = await Task.WhenAll(Enumerable.Range(0, WarmupClients).Select(async _ =>
            {
                var done = 0;
                while (Stopwatch.GetTimestamp() < until)
                {
                    Arrival next;
                    lock (warmupArrivals)
                    {
                        if (!warmupArrivals.TryDequeue(out next!))
                        {
                            break;
                        }
                    }

                    await ArriveAsync(buyers, next, [new BuyerRecord()], CancellationToken.None);
                    done++;
                }

                return done;
            }));
            Report.Line(output, "warm-up", $"{warm.Sum():N0} bookings by {WarmupClients} closed-loop buyers in {options.WarmupSeconds} s (not measured)");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var arrivals = Enumerable.Range(0, total).Select(_ => NextArrival(random.NextDouble() < race)).ToArray();
        var records = arrivals.Select(a => a.Buyers.Select(_ => new BuyerRecord { Race = a.Buyers.Length == 2 }).ToArray()).ToArray();
        var ticksPerArrival = (double)Stopwatch.Frequency / options.Rate;
        var measuredFrom = DateTimeOffset.UtcNow;
        output.WriteLine(FormattableString.Invariant($"  measuring    from unix time {measuredFrom.ToUnixTimeMilliseconds() / 1000.0:F3}"));
        await output.FlushAsync();
        var inFlight = new List<Task>(total);
        using var drain = new CancellationTokenSource();
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        for (var i = 0; i < total;)
        {
            var now = Stopwatch.GetTimestamp();
            for (; i < total && start + (long)(i * ticksPerArrival) <= now; i++)
            {
                var planned = start + (long)(i * ticksPerArrival);
                foreach (var record in records[i])
                {
                    record.Planned = planned;
                }

                inFlight.Add(ArriveAsync(buyers, arrivals[i], records[i], drain.Token));
            }

            if (i < total)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(i * ticksPerArrival));
                await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1));
            }
        }

        var all = Task.WhenAll(inFlight);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(options.DrainSeconds))) != all)
        {
            await drain.CancelAsync();
        }

        await all;
        var measuredUntil = DateTimeOffset.UtcNow;
        Report.Line(output, "window", FormattableString.Invariant(
            $"measured arrivals and their answers from unix time {measuredFrom.ToUnixTimeMilliseconds() / 1000.0:F3} to {measuredUntil.ToUnixTimeMilliseconds() / 1000.0:F3}"));
        return Summarise(output, options, records, start);
    }

    /// <summary>One arrival: one buyer, or two racing buyers of the same rep (same day asked, same slot posted, at once).</summary>
    private static async Task ArriveAsync(HttpClient http, Arrival arrival, BuyerRecord[] records, CancellationToken cancellationToken)
    {
        // Yield first so the dispatcher is never held up by the synchronous part of sending.
        await Task.Yield();
        var query = $"?from={Uri.EscapeDataString(arrival.From.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}";
        var slots = await Task.WhenAll(arrival.Buyers.Select((buyer, i) => SlotsAsync(http, buyer.Token, query, records[i], cancellationToken)));
        if (slots[0] is not { Length: > 0 } offered)
        {
            return;
        }

        var chosen = offered[new Random(arrival.Seed).Next(offered.Length)];
        await Task.WhenAll(arrival.Buyers.Select((buyer, i) => BookAsync(http, buyer.Token, chosen, records[i], cancellationToken)));
    }

    private static async Task<(string Start, string RepId)[]?> SlotsAsync(HttpClient http, string token, string query, BuyerRecord record, CancellationToken cancellationToken)
    {
        record.GetSent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync($"api/book/{token}/slots{query}", cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            record.GetAnswered = Stopwatch.GetTimestamp();
            record.GetOutcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Failures.TryAdd("GET " + record.GetOutcome, Encoding.UTF8.GetString(body));
                return null;
            }

            using var document = JsonDocument.Parse(body);
            var starts = document.RootElement.EnumerateArray()
                .Select(s => (s.GetProperty("start").GetString()!, s.GetProperty("repId").GetString()!)).ToArray();
            if (starts.Length == 0)
            {
                record.GetOutcome = "200 []";
            }

            return starts;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            record.GetAnswered = Stopwatch.GetTimestamp();
            record.GetOutcome = cancellationToken.IsCancellationRequested ? "cancelled" : ex.GetType().Name;
            Failures.TryAdd("GET " + record.GetOutcome, ex.Message);
            return null;
        }
    }

    private static async Task BookAsync(
        HttpClient http, string token, (string Start, string RepId) slot, BuyerRecord record, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { start = slot.Start, repId = slot.RepId, timeZone = "Europe/Berlin" }, Json);
        record.PostSent = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(json);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync($"api/book/{token}", content, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            record.PostAnswered = Stopwatch.GetTimestamp();
            record.PostOutcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Failures.TryAdd((record.Race ? "POST (race) " : "POST ") + record.PostOutcome, body);
            }
            else
            {
                using var meeting = JsonDocument.Parse(body);
                var start = meeting.RootElement.GetProperty("start").GetDateTimeOffset().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
                record.Booked = (meeting.RootElement.GetProperty("repId").GetString()!, start);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            record.PostAnswered = Stopwatch.GetTimestamp();
            record.PostOutcome = cancellationToken.IsCancellationRequested ? "cancelled" : ex.GetType().Name;
            Failures.TryAdd("POST " + record.PostOutcome, ex.Message);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Failures = new(StringComparer.Ordinal);

    private static int Summarise(TextWriter output, LoadOptions options, BuyerRecord[][] arrivals, long origin)
    {
        var buyers = arrivals.SelectMany(a => a).ToArray();
        var posted = buyers.Where(b => b.PostOutcome is not null).ToArray();
        string Counts(IEnumerable<string> outcomes) =>
            string.Join(", ", outcomes.GroupBy(o => o, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count():N0}"));

        var races = arrivals.Where(a => a.Length == 2).ToArray();
        var racesRight = races.Count(a => a.Count(b => b.PostOutcome == "201") == 1 && a.Count(b => b.PostOutcome == "409") == 1);
        var created = posted.Count(b => b.PostOutcome == "201");
        var lastAnswer = buyers.Max(b => Math.Max(b.GetAnswered, b.PostAnswered));
        var lastPlanned = buyers.Max(b => b.Planned);
        var window = Stopwatch.GetElapsedTime(origin, Math.Max(lastAnswer, lastPlanned));
        var sendWindow = Stopwatch.GetElapsedTime(origin, buyers.Max(b => b.GetSent));

        Report.Line(output, "arrivals", $"{arrivals.Length:N0} planned at {options.Rate:N0}/s ({races.Length:N0} of them two racing buyers): {buyers.Length:N0} buyers; " +
            $"sent {arrivals.Length / Math.Max(sendWindow.TotalSeconds, 1e-9):N1} arrivals/s over {sendWindow.TotalSeconds:F2} s");
        Report.Line(output, "GET slots", Counts(buyers.Select(b => b.GetOutcome)));
        Report.Line(output, "POST book", $"{Counts(posted.Select(b => b.PostOutcome!))}  (single buyers: {Counts(posted.Where(b => !b.Race).Select(b => b.PostOutcome!))}; " +
            $"racing buyers: {Counts(posted.Where(b => b.Race).Select(b => b.PostOutcome!))})");
        var doubleBooked = races.Count(a => a.All(b => b.PostOutcome == "201"));
        // From the answers themselves: no rep may have two meetings starting at one time, and a racing pair's winner must
        // have the rep both buyers chose (the POST names it).
        var twiceAtOnce = buyers.Where(b => b.Booked is not null).GroupBy(b => b.Booked!.Value).Count(g => g.Count() > 1);
        Report.Line(output, "one per rep", $"{twiceAtOnce:N0} rep-and-start pairs booked twice among {created:N0} meetings (201 answers)");
        Report.Line(output, "races", $"{racesRight:N0} of {races.Length:N0} racing pairs got exactly one 201 and one 409; {doubleBooked:N0} got two 201s; " +
            "the rest two 409s (a third buyer took the slot, or an overlapping one, between their slots request and their booking)");
        foreach (var (what, body) in Failures.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Report.Line(output, $"first {what}", (body.Length > 400 ? body[..400] + "…" : body).ReplaceLineEndings(" "));
        }

        Report.Line(output, "achieved", $"{posted.Length / window.TotalSeconds:N1} bookings posted/s, {created / window.TotalSeconds:N1} booked (201)/s " +
            $"({window.TotalSeconds:F2} s from the first planned arrival to the last answer)");
        var answeredGets = buyers.Where(b => b.GetOutcome.StartsWith("200", StringComparison.Ordinal)).ToArray();
        Report.Line(output, "GET slots ms", LatencySummary.FromTicks(answeredGets.Select(b => b.GetAnswered - b.Planned)) + "  from the planned arrival");
        Report.Line(output, "POST ms", LatencySummary.FromTicks(posted.Select(b => b.PostAnswered - b.PostSent)) + "  all answers, from sending (right after the slots)");
        Report.Line(output, "POST 201 ms", LatencySummary.FromTicks(posted.Where(b => b.PostOutcome == "201").Select(b => b.PostAnswered - b.PostSent)).ToString());
        Report.Line(output, "POST 409 ms", LatencySummary.FromTicks(posted.Where(b => b.PostOutcome == "409").Select(b => b.PostAnswered - b.PostSent)).ToString());
        Report.Line(output, "booking ms", LatencySummary.FromTicks(posted.Select(b => b.PostAnswered - b.Planned)) + "  whole booking (slots + POST) from the planned arrival");
        Report.GeneratorCpu(output);

        Report.Line(output, "timeline", "second: buyers arriving in it, their POST p50 / p99 and GET slots p99 (ms)");
        var seconds = (int)Stopwatch.GetElapsedTime(origin, lastPlanned).TotalSeconds;
        for (var second = 0; second <= seconds; second++)
        {
            var inSecond = buyers.Where(b => (int)Stopwatch.GetElapsedTime(origin, b.Planned).TotalSeconds == second).ToArray();
            var post = LatencySummary.FromTicks(inSecond.Where(b => b.PostOutcome is not null).Select(b => b.PostAnswered - b.PostSent));
            var get = LatencySummary.FromTicks(inSecond.Where(b => b.GetOutcome.StartsWith("200", StringComparison.Ordinal)).Select(b => b.GetAnswered - b.Planned));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"               {second,3}: {inSecond.Length,4}   POST p50 {post.P50,7:F1}  p99 {post.P99,7:F1}   GET p99 {get.P99,7:F1}"));
        }

        var clean = buyers.All(b => b.GetOutcome.StartsWith("200", StringComparison.Ordinal))
            && posted.All(b => b.PostOutcome is "201" or "409") && doubleBooked == 0 && twiceAtOnce == 0;
        return clean ? 0 : 1;
    }

    /// <summary>
    /// Posts high-intent leads until <paramref name="needed"/> were offered a booking link (or ten times as many were posted,
    /// or <paramref name="limit"/> passed).
    /// </summary>
    private static async Task<(List<BookableLead> Leads, int Posted)> CreateLeadsAsync(IngestClient client, LeadMix mix, int needed, TimeSpan limit)
    {
        var leads = new List<BookableLead>(needed);
        var posted = 0;
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, CreateClients).Select(async _ =>
        {
            while (true)
            {
                GeneratedLead? lead;
                int n;
                lock (leads)
                {
                    if (leads.Count >= needed || posted >= needed * 10 || failures > 100 || Stopwatch.GetTimestamp() > until || (lead = mix.Next()) is null)
                    {
                        return;
                    }

                    n = ++posted;
                }

                lead = lead with { Source = n % 3 == 0 ? SignalType.ContactSales : SignalType.DemoRequest };
                using var content = new ByteArrayContent(lead.ToJson());
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await client.Http.PostAsync(IngestClient.LeadsPath, content);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
                var root = document.RootElement;
                if (root.TryGetProperty("booking", out var booking) && booking.GetProperty("url").GetString() is { } url
                    && root.GetProperty("decision").GetProperty("ownerId").GetString() is { } owner)
                {
                    var token = url[(url.LastIndexOf('/') + 1)..];
                    lock (leads)
                    {
                        leads.Add(new BookableLead(leads.Count, owner, token));
                    }
                }
            }
        }));

        if (failures > 100)
        {
            throw new InvalidOperationException("More than 100 leads were not answered 201; the app log says why.");
        }

        return (leads, posted);
    }

    /// <summary>The bookable leads, each used once: in creation order, or another lead of a given rep (a racing partner).</summary>
    private sealed class LeadPool(List<BookableLead> leads)
    {
        private readonly bool[] _used = new bool[leads.Count];
        private readonly Dictionary<string, Queue<BookableLead>> _byOwner =
            leads.GroupBy(l => l.OwnerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new Queue<BookableLead>(g), StringComparer.Ordinal);

        private int _next;

        public BookableLead Next()
        {
            while (_next < _used.Length && _used[_next])
            {
                _next++;
            }

            if (_next == _used.Length)
            {
                throw new InvalidOperationException("The run used up its bookable leads; create more (the estimate is in BookingRun.RunAsync).");
            }

            _used[_next] = true;
            return leads[_next];
        }

        public BookableLead? NextOf(string ownerId)
        {
            var queue = _byOwner[ownerId];
            while (queue.TryDequeue(out var lead))
            {
                if (!_used[lead.Index])
                {
                    _used[lead.Index] = true;
                    return lead;
                }
            }

            return null;
        }
    }
}
