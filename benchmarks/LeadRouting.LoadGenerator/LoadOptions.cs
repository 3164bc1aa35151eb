namespace LeadRouting.LoadGenerator;

public enum LoadMode
{
    /// <summary>Closed loop: a fixed number of clients, each sending its next lead as soon as the last one is answered.</summary>
    Max,

    /// <summary>Open loop: leads arrive at a fixed rate whether or not the server keeps up.</summary>
    Rate,

    /// <summary>One CSV file of generated leads posted to the import endpoint.</summary>
    Csv,

    /// <summary>Salesforce-style exports imported as a dry run, in history mode and in route mode (issue 16).</summary>
    Crm,

    /// <summary>Buyers booking meetings through their booking links at a fixed arrival rate (issue 20).</summary>
    Book,
}

/// <summary>The command line, checked: a loopback target and every run bounded in count and time.</summary>
public sealed record LoadOptions
{
    public const int MaxClients = 256;
    public const int MaxDurationSeconds = 600;
    public const int MaxRate = 20_000;
    public const int MaxRows = 500_000;

    /// <summary>No run sends more single leads than this, whatever the duration and the server's speed.</summary>
    public const int MaxRequests = 2_000_000;

    public const string Usage = """
        Load generator for LeadRouting's lead ingestion and booking (loopback targets only).

          --url http://127.0.0.1:PORT   the app (127.0.0.0/8, ::1 or localhost)
          --key KEY                     an API key with the ingest scope (X-Api-Key)
          --mode max|rate|csv|crm|book

          max:  --clients 8 --duration 20
                closed loop: N clients post distinct leads as fast as the server answers
          rate: --rate 500 --duration 20 [--connections N] [--drain 120]
                open loop: a lead every 1/rate s on schedule; latency counts from the planned send time
          csv:  --rows 50000
                one generated CSV file posted to /api/leads/import as text/csv (30 min client timeout)
          crm:  --rows 50000
                three Salesforce-style exports (owners by name, US dates, CRM statuses) imported as a dry run,
                in history mode and in route mode, each timed (30 min client timeout)

          book: --rate 50 --duration 60 [--race 10] [--spread-days 120] [--drain 120]
                first posts high-intent leads until enough are offered a booking link (booking.url), then an open
                loop: a buyer arrives every 1/rate s, GETs /api/book/{token}/slots?from=<a random day within
                spread-days> and POSTs /api/book/{token} with a random one of the slots; race percent of arrivals
                are two buyers of one rep posting the same slot at once (one 201, one 409 expected). Latency of the
                POST from its send, of GET slots from the planned arrival. The warm-up here is closed-loop bookings.
                Without --rep-capacity every rep's capacity is set to 10,000 first.

          --warmup S                    before measuring, S seconds of single leads from 8 closed-loop clients
                                        (default 30: under load the app needs 15-30 s to reach full speed (tiered JIT);
                                        a closed loop leaves no backlog behind for the open loop to start with)
          --rep-capacity N              first publish the configuration with every rep's capacity set to N (0-10,000;
                                        admin scope): the demo reps fill up within seconds, after which no lead is assigned
          --seed N                      the mix of leads (default 1); emails, domains and externalIds are unique per run anyway
        """;

    public required Uri Url { get; init; }
    public required string Key { get; init; }
    public required LoadMode Mode { get; init; }
    public int Clients { get; init; } = 8;
    public int DurationSeconds { get; init; } = 20;
    public int WarmupSeconds { get; init; } = 30;
    public int Rate { get; init; } = 500;

    /// <summary>Open loop: connections to the server; requests beyond them wait in the client (and still count from their planned time).</summary>
    public int? Connections { get; init; }

    /// <summary>Open loop: how long to wait for answers after the last planned send before giving up on the rest.</summary>
    public int DrainSeconds { get; init; } = 120;

    public int Rows { get; init; } = 50_000;
    public int Seed { get; init; } = 1;

    /// <summary>When set, every rep's capacity is raised (or lowered) to this before the run; see <see cref="RepCapacity"/>.</summary>
    public int? RepCapacity { get; init; }

    /// <summary>Book mode: the share of arrivals (percent) that are two buyers racing for one slot.</summary>
    public int RacePercent { get; init; } = 10;

    /// <summary>Book mode: slots are asked from a random day within this many days from today.</summary>
    public int SpreadDays { get; init; } = 120;

    public int RateConnections => Connections ?? Math.Clamp(Rate / 10, 16, 512);

    /// <summary>Parses and checks the arguments; null with <paramref name="error"/> set when they are not usable.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string[] known = ["url", "key", "mode", "clients", "duration", "warmup", "rate", "connections", "drain", "rows", "seed", "rep-capacity", "race", "spread-days"];
        if (CommandLine.Pairs(args, known, out error) is not { } values)
        {
            return null;
        }

        if (values.Last("url") is not { } url || CommandLine.LoopbackUrl(url, out error) is not { } uri)
        {
            error ??= "--url must be an http:// URL.";
            return null;
        }

        if (values.Last("key") is not { } key || string.IsNullOrWhiteSpace(key))
        {
            error = "--key is required.";
            return null;
        }

        if (values.Last("mode") is not { } modeText || !Enum.TryParse<LoadMode>(modeText, ignoreCase: true, out var mode))
        {
            error = "--mode must be max, rate, csv, crm or book.";
            return null;
        }

        error = null;
        var options = new LoadOptions
        {
            Url = uri,
            Key = key.Trim(),
            Mode = mode,
            Clients = values.Int("clients", 8, 1, MaxClients, ref error),
            DurationSeconds = values.Int("duration", 20, 1, MaxDurationSeconds, ref error),
            WarmupSeconds = values.Int("warmup", 30, 0, 120, ref error),
            Rate = values.Int("rate", 500, 1, MaxRate, ref error),
            Connections = values.ContainsKey("connections") ? values.Int("connections", 0, 1, 4096, ref error) : null,
            DrainSeconds = values.Int("drain", 120, 1, 600, ref error),
            Rows = values.Int("rows", 50_000, 1, MaxRows, ref error),
            Seed = values.Int("seed", 1, int.MinValue, int.MaxValue, ref error),
            RepCapacity = values.ContainsKey("rep-capacity") ? values.Int("rep-capacity", 0, 0, 10_000, ref error) : null,
            RacePercent = values.Int("race", 10, 0, 50, ref error),
            SpreadDays = values.Int("spread-days", 120, 1, 360, ref error),
        };

        if (error is null && mode is (LoadMode.Rate or LoadMode.Book) && (long)options.Rate * options.DurationSeconds > MaxRequests)
        {
            error = $"--rate x --duration must stay within {MaxRequests:N0} requests.";
        }

        return error is null ? options : null;
    }
}
