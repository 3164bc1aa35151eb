using System.Globalization;
using System.Net;

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
        var urls = new List<Uri>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error = $"Expected '--name value' pairs, got '{name}'.";
                return null;
            }

            var value = args[++i];
            if (name == "--url")
            {
                foreach (var text in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
                    {
                        error = $"--url must be an http:// URL, not '{text}'.";
                        return null;
                    }

                    if (!IsLoopback(uri))
                    {
                        error = $"--url must point at this machine (127.0.0.0/8, ::1 or localhost), not '{uri.Host}'.";
                        return null;
                    }

                    urls.Add(uri);
                }
            }
            else
            {
                values[name[2..]] = value;
            }
        }

        string[] known = ["key", "clients", "rate", "duration", "warmup", "drain", "label", "seed"];
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            error = $"Unknown option --{unknown}.";
            return null;
        }

        if (urls.Count == 0)
        {
            error = "At least one --url is required.";
            return null;
        }

        if (!values.TryGetValue("key", out var key) || string.IsNullOrWhiteSpace(key))
        {
            error = "--key is required.";
            return null;
        }

        error = null;
        var options = new PushOptions
        {
            Urls = urls,
            Key = key.Trim(),
            Clients = Int(values, "clients", 50, 1, 500, ref error),
            Rate = Int(values, "rate", 100, 1, 2_000, ref error),
            DurationSeconds = Int(values, "duration", 60, 1, 600, ref error),
            WarmupSeconds = Int(values, "warmup", 10, 0, 120, ref error),
            DrainSeconds = Int(values, "drain", 15, 1, 120, ref error),
            Seed = Int(values, "seed", 1, int.MinValue, int.MaxValue, ref error),
            Label = values.GetValueOrDefault("label"),
        };
        return error is null ? options : null;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback
        || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static int Int(Dictionary<string, string> values, string name, int fallback, int min, int max, ref string? error)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        error ??= $"--{name} must be a whole number from {min} to {max}.";
        return fallback;
    }
}
