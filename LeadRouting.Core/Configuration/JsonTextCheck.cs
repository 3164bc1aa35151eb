using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace LeadRouting.Core.Configuration;

/// <summary>
/// Checks a JSON document as text before anything reads its values, so that no reader meets what it cannot turn
/// into a string (System.Text.Json throws <see cref="InvalidOperationException"/> there, which would be a 500):
/// every property name and string value must be valid UTF-8 without unpaired surrogate escapes (<c>"\ud800"</c>),
/// and no object may name a property twice (a serializer would keep one of them without a word). Each problem is
/// named by its JSON path (<c>signals[2].type</c>, <c>organisation.teams[0].name</c>), the way validation problems
/// name fields; a name that is itself unreadable is shown with its bad bytes as <c>\xNN</c>.
/// </summary>
public static class JsonTextCheck
{
    /// <summary>The path of the document as a whole.</summary>
    public const string RootPath = "$";

    /// <summary>One problem: where (a JSON path, or <see cref="RootPath"/>) and what.</summary>
    public sealed record Problem(string Path, string Message);

    /// <summary>The UTF-8 byte order mark, which a few clients put before a JSON body; it carries no meaning, so it is skipped.</summary>
    public static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;

    /// <summary>
    /// The problems of <paramref name="utf8"/> (empty when there are none). Malformed JSON is one problem at
    /// <see cref="RootPath"/> with the parser's message. <paramref name="names"/> decides which names are the same
    /// property (a case-insensitive reader takes <c>Email</c> and <c>email</c> for one); <paramref name="rootName"/>
    /// names the items of a top-level array (<c>signals</c> gives <c>signals[0].type</c>).
    /// </summary>
    public static IReadOnlyList<Problem> Find(ReadOnlySpan<byte> utf8, JsonReaderOptions options, StringComparer names, string? rootName = null)
    {
        var problems = new List<Problem>();
        var reader = new Utf8JsonReader(WithoutByteOrderMark(utf8), options);
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        Advance(frames);
                        frames.Add(new Frame(isObject: true, names));
                        break;
                    case JsonTokenType.StartArray:
                        Advance(frames);
                        frames.Add(new Frame(isObject: false, names));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        ReadName(ref reader, frames, problems, rootName);
                        break;
                    case JsonTokenType.String:
                        Advance(frames);
                        if (TextProblem(ref reader) is { } problem)
                        {
                            problems.Add(new Problem(PathOf(frames, rootName), problem));
                        }

                        break;
                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            problems.Add(new Problem(RootPath, $"The document is not valid JSON: {ex.Message}"));
        }

        return problems;
    }

    private static void ReadName(ref Utf8JsonReader reader, List<Frame> frames, List<Problem> problems, string? rootName)
    {
        var frame = frames[^1];
        if (TextProblem(ref reader) is { } problem)
        {
            frame.Name = Render(reader.ValueSpan);
            problems.Add(new Problem(PathOf(frames, rootName), "The property name " + char.ToLowerInvariant(problem[0]) + problem[1..]));
            return;
        }

        frame.Name = reader.GetString()!;
        if (!frame.Seen!.Add(frame.Name))
        {
            problems.Add(new Problem(PathOf(frames, rootName), "Appears more than once in the same object; a property may be given once."));
        }
    }

    /// <summary>Why the current string token cannot be read as text, or null.</summary>
    private static string? TextProblem(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return Utf8.IsValid(raw) ? null : InvalidUtf8(raw);
        }

        try
        {
            _ = reader.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            return Utf8.IsValid(raw)
                ? $"Contains an unpaired surrogate escape ({FirstSurrogateEscape(raw)}); a JSON string must be valid Unicode text."
                : InvalidUtf8(raw);
        }
    }

    private static string InvalidUtf8(ReadOnlySpan<byte> raw)
    {
        var offset = 0;
        while (offset < raw.Length)
        {
            if (Rune.DecodeFromUtf8(raw[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                break;
            }

            offset += consumed;
        }

        var bad = offset < raw.Length ? raw[offset] : (byte)0;
        return string.Create(CultureInfo.InvariantCulture,
            $"Is not valid UTF-8 text (byte 0x{bad:X2} at byte {offset + 1}); send JSON in UTF-8, or escape the character as \\uXXXX.");
    }

    /// <summary>The first <c>\uXXXX</c> escape of a surrogate that is not half of a high-low pair.</summary>
    private static string FirstSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        for (var i = 0; i + 6 <= text.Length; i++)
        {
            if (text[i] != '\\')
            {
                continue;
            }

            if (Escape(text, i) is not { } code)
            {
                i++; // an escape of another kind, such as \\ or \"
                continue;
            }

            if (code is >= 0xD800 and <= 0xDBFF && Escape(text, i + 6) is >= 0xDC00 and <= 0xDFFF)
            {
                i += 11;
                continue;
            }

            if (code is >= 0xD800 and <= 0xDFFF)
            {
                return text.Substring(i, 6);
            }

            i += 5;
        }

        return "\\uD800–\\uDFFF";

        static int? Escape(string text, int at) =>
            at + 6 <= text.Length && text[at] == '\\' && text[at + 1] == 'u'
                && int.TryParse(text.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                ? code
                : null;
    }

    /// <summary>Readable UTF-8 as text, each byte that is not as <c>\xNN</c>.</summary>
    private static string Render(ReadOnlySpan<byte> raw)
    {
        var builder = new StringBuilder(raw.Length);
        var offset = 0;
        while (offset < raw.Length)
        {
            if (Rune.DecodeFromUtf8(raw[offset..], out var rune, out var consumed) == OperationStatus.Done && !Rune.IsControl(rune))
            {
                builder.Append(rune.ToString());
                offset += consumed;
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{raw[offset]:X2}");
                offset++;
            }
        }

        return builder.ToString();
    }

    /// <summary>A value starts: the array it is in moves to its next index.</summary>
    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && !frames[^1].IsObject)
        {
            frames[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames, string? rootName)
    {
        var path = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (frame.IsObject)
            {
                if (frame.Name is null)
                {
                    break;
                }

                if (path.Length > 0)
                {
                    path.Append('.');
                }

                path.Append(frame.Name);
            }
            else
            {
                if (i == 0 && rootName is not null)
                {
                    path.Append(rootName);
                }

                path.Append(CultureInfo.InvariantCulture, $"[{Math.Max(frame.Index, 0)}]");
            }
        }

        return path.Length == 0 ? RootPath : path.ToString();
    }

    private sealed class Frame(bool isObject, StringComparer names)
    {
        public bool IsObject { get; } = isObject;

        /// <summary>The property being read (objects).</summary>
        public string? Name { get; set; }

        /// <summary>The item being read (arrays); -1 before the first.</summary>
        public int Index { get; set; } = -1;

        public HashSet<string>? Seen { get; } = isObject ? new HashSet<string>(names) : null;
    }
}
