using LeadRouting.LoadGenerator;

namespace LeadRouting.PushBenchmark;

/// <summary>The command line, checked: loopback targets only, and every run bounded in count and time.</summary>
public sealed record PushOptions
{
    public const string Usage = """
        Push-latency benchmark for LeadRouting (loopback targets only): hub clients on /hubs/routing, leads posted
        to /api/leads at a fixed rate, latency from each lead's 201 to each client receiving its Routed event.

          --url http://127.0.0.1:PORT   an app instance; repeat (or separate with commas) for several instances:
                                        hub clients are spread over them round-robin, leads alternate between them
          --key KEY                     an API key with the ingest and read scopes (the demo key)
          --clients 50                  hub clients (1-500)
          --rate 100                    leads per second, open loop: lead i is sent at start + i/rate (1-2,000)
          --duration 60                 measured seconds (1-600)
          --warmup 10                   seconds at the same rate before them, excluded from the results (0-120)
          --drain 15                    seconds to wait after the last send for answers and events (1-120)
          --label TEXT                  first column of the Markdown row (default: "N instance(s)")
          --seed N                      the mix of leads (default 1); emails are unique per run anyway
        """;

    public required IReadOnlyList<Uri> Urls { get; init; }
    public required string Key { get; init; }
    public int Clients { get; init; } = 50;
    public int Rate { get; init; } = 100;
    public int DurationSeconds { get; init; } = 60;
    public int WarmupSeconds { get; init; } = 10;
    public int DrainSeconds { get; init; } = 15;
    public int Seed { get; init; } = 1;
    public string? Label { get; init; }

    public int WarmupLeads => Rate * WarmupSeconds;
    public int MeasuredLeads => Rate * DurationSeconds;

    /// <summary>Parses and checks the arguments; null with <paramref name="error"/> set when they are not usable.</summary>
    public static PushOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string[] known = ["url", "key", "clients", "rate", "duration", "warmup", "drain", "label", "seed"];
        if (CommandLine.Pairs(args, known, out error) is not { } values)
        {
            return null;
        }

        var urls = new List<Uri>();
        foreach (var text in (values.GetValueOrDefault("url") ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (CommandLine.LoopbackUrl(text, out error) is not { } uri)
            {
                return null;
            }

            urls.Add(uri);
        }

        if (urls.Count == 0)
        {
            error = "At least one --url is required.";
            return null;
        }

        if (values.Last("key") is not { } key || string.IsNullOrWhiteSpace(key))
        {
            error = "--key is required.";
            return null;
        }

        error = null;
        var options = new PushOptions
        {
            Urls = urls,
            Key = key.Trim(),
            Clients = values.Int("clients", 50, 1, 500, ref error),
            Rate = values.Int("rate", 100, 1, 2_000, ref error),
            DurationSeconds = values.Int("duration", 60, 1, 600, ref error),
            WarmupSeconds = values.Int("warmup", 10, 0, 120, ref error),
            DrainSeconds = values.Int("drain", 15, 1, 120, ref error),
            Seed = values.Int("seed", 1, int.MinValue, int.MaxValue, ref error),
            Label = values.Last("label"),
        };
        return error is null ? options : null;
    }
}
