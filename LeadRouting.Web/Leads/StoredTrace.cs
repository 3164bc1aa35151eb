using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace LeadRouting.Web.Leads;

/// <summary>
/// One step of a decision trace as it is kept: the routing core's <see cref="TraceStep"/> with its sentences rendered.
/// The one shape of a trace outside the core — stored on the decision row (<see cref="StoredTrace"/>), answered by the
/// API as it is, and shown by <c>Components/Shared/TraceTimeline</c> on every page that explains a decision.
/// </summary>
public sealed record StoredTraceStep(string Step, string Input, string Outcome, IReadOnlyList<StoredExclusion> Excluded)
{
    public static StoredTraceStep From(TraceStep step) =>
        new(step.Step, step.Input, step.Outcome, [.. step.Excluded.Select(e => new StoredExclusion(e.RepId.Value, e.RepName, e.Reason))]);
}

/// <summary>A rep a step ruled out, and why.</summary>
public sealed record StoredExclusion(string RepId, string RepName, string Reason);

/// <summary>
/// Reading and writing a decision row's trace. The trace is one JSON array of <see cref="StoredTraceStep"/>; it is kept in
/// one of two forms (issue 21):
/// <list type="bullet">
/// <item><c>TraceData</c> (written from issue 21 on): the same JSON, UTF-8, Brotli-compressed, behind a one-byte format
/// mark and the JSON's length (<see cref="Compress"/>). A trace is mostly prose repeated from lead to lead, so it shrinks
/// to about a fifth; it was more than half of the database (2.8 KB of 4.9 KB per lead).</item>
/// <item><c>TraceJson</c> (every row written before): the JSON as text. A row with <c>TraceData</c> has an empty
/// <c>TraceJson</c>.</item>
/// </list>
/// Every reader goes through <see cref="JsonOf"/> or <see cref="Read"/>, which answer the same JSON for both forms, so the
/// lead page, the API, the export and the erasure read an old row exactly as a new one.
/// </summary>
public static class StoredTrace
{
    /// <summary>The first byte of <c>TraceData</c>: Brotli-compressed UTF-8 JSON, its length before it as a 7-bit varint.</summary>
    public const byte BrotliJson = 1;

    /// <summary>
    /// Brotli's quality: 5 compresses a 2–3 KB trace to within a few percent of the best quality (11) at a fraction of
    /// its time (tens of microseconds on the writer's thread).
    /// </summary>
    private const int Quality = 5;

    /// <summary>Brotli's window as a power of two: 64 KB, more than any trace, so every repeat in it can be referred back to.</summary>
    private const int Window = 16;

    public static List<StoredTraceStep> Of(RoutingDecision decision) => [.. decision.Trace.Select(StoredTraceStep.From)];

    public static string Serialize(IReadOnlyList<StoredTraceStep> trace) => JsonSerializer.Serialize(trace, ConfigurationJson.Compact);

    public static List<StoredTraceStep> Parse(string traceJson) =>
        JsonSerializer.Deserialize<List<StoredTraceStep>>(traceJson, ConfigurationJson.Options) ?? [];

    /// <summary>The decision's trace as JSON, from whichever form the row keeps it in.</summary>
    public static string JsonOf(RoutingDecisionEntity decision) => decision.TraceData is { } data ? Decompress(data) : decision.TraceJson;

    /// <summary>The decision's trace, from whichever form the row keeps it in.</summary>
    public static List<StoredTraceStep> Read(RoutingDecisionEntity decision) => Parse(JsonOf(decision));

    /// <summary>Keeps <paramref name="traceJson"/> on the row in the compact form (an old row read and written back is converted).</summary>
    public static void Store(RoutingDecisionEntity decision, string traceJson)
    {
        decision.TraceData = Compress(traceJson);
        decision.TraceJson = string.Empty;
    }

    /// <summary><c>TraceData</c> for <paramref name="traceJson"/>: the format mark, the UTF-8 length, the Brotli stream.</summary>
    public static byte[] Compress(string traceJson)
    {
        var utf8Length = Encoding.UTF8.GetByteCount(traceJson);
        var rented = ArrayPool<byte>.Shared.Rent(utf8Length + BrotliEncoder.GetMaxCompressedLength(utf8Length) + 8);
        try
        {
            var utf8 = rented.AsSpan(0, utf8Length);
            Encoding.UTF8.GetBytes(traceJson, utf8);
            var output = rented.AsSpan(utf8Length);
            output[0] = BrotliJson;
            var header = 1 + WriteVarint(output[1..], utf8Length);
            if (!BrotliEncoder.TryCompress(utf8, output[header..], out var written, Quality, Window))
            {
                throw new InvalidOperationException("The trace did not fit its compression buffer.");
            }

            return output[..(header + written)].ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The JSON <see cref="Compress"/> kept in <paramref name="data"/>.</summary>
    public static string Decompress(byte[] data)
    {
        if (data.Length < 2 || data[0] != BrotliJson)
        {
            throw new InvalidDataException($"A stored trace in an unknown format ({(data.Length == 0 ? "empty" : $"mark {data[0]}")}).");
        }

        var header = 1 + ReadVarint(data.AsSpan(1), out var utf8Length);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(utf8Length, 1));
        try
        {
            if (!BrotliDecoder.TryDecompress(data.AsSpan(header), rented, out var written) || written != utf8Length)
            {
                throw new InvalidDataException("A stored trace does not decompress to its recorded length.");
            }

            return Encoding.UTF8.GetString(rented, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int WriteVarint(Span<byte> destination, int value)
    {
        var written = 0;
        var remaining = (uint)value;
        while (remaining >= 0x80)
        {
            destination[written++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        destination[written++] = (byte)remaining;
        return written;
    }

    private static int ReadVarint(ReadOnlySpan<byte> source, out int value)
    {
        var result = 0u;
        for (var i = 0; i < 5 && i < source.Length; i++)
        {
            result |= (uint)(source[i] & 0x7F) << (7 * i);
            if ((source[i] & 0x80) == 0)
            {
                value = checked((int)result);
                return i + 1;
            }
        }

        throw new InvalidDataException("A stored trace's length is cut off.");
    }
}
