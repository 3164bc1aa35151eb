using System.Globalization;
using System.Net;

namespace LeadRouting.LoadGenerator;

/// <summary>The '--name value' command lines of the load tools (this one and LeadRouting.PushBenchmark), read and checked alike.</summary>
public static class CommandLine
{
    /// <summary>
    /// The values of each option, in order (an option may repeat); null with <paramref name="error"/> set when an
    /// argument is not a '--name value' pair or names an option outside <paramref name="known"/>.
    /// </summary>
    public static Dictionary<string, List<string>>? Pairs(IReadOnlyList<string> args, IReadOnlyCollection<string> known, out string? error)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error = $"Expected '--name value' pairs, got '{name}'.";
                return null;
            }

            if (!known.Contains(name[2..]))
            {
                error = $"Unknown option {name}.";
                return null;
            }

            if (!values.TryGetValue(name[2..], out var list))
            {
                values[name[2..]] = list = [];
            }

            list.Add(args[++i]);
        }

        error = null;
        return values;
    }

    /// <summary>The last value given for <paramref name="name"/>, if any.</summary>
    public static string? Last(this Dictionary<string, List<string>> values, string name) =>
        values.TryGetValue(name, out var list) ? list[^1] : null;

    /// <summary>An http:// URL on this machine (127.0.0.0/8, ::1 or localhost): the tools never load another host.</summary>
    public static Uri? LoopbackUrl(string text, out string? error)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            error = $"--url must be an http:// URL, not '{text}'.";
            return null;
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
        error = loopback ? null : $"--url must point at this machine (127.0.0.0/8, ::1 or localhost), not '{uri.Host}'.";
        return loopback ? uri : null;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when not given; the first bad one sets <paramref name="error"/>.</summary>
    public static int Int(this Dictionary<string, List<string>> values, string name, int fallback, int min, int max, ref string? error)
    {
        if (values.Last(name) is not { } text)
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
