using System.Buffers;
using System.Text;
using System.Text.Unicode;
using UtfUnknown;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Turns an uploaded CSV file into UTF-8 text, or says why it cannot without guessing — the rule of issue 13: nothing
/// is stored garbled. Used by the lead import and the named-accounts import alike.
/// <list type="number">
/// <item>A byte order mark (UTF-8, UTF-16 LE/BE) decides.</item>
/// <item>A declared charset (<c>text/csv; charset=windows-1252</c>) is honoured when .NET knows it (any code page:
/// windows-125x, iso-8859-x, utf-16, shift_jis, …). As browsers do (WHATWG Encoding), <c>iso-8859-1</c>,
/// <c>latin1</c> and <c>us-ascii</c> are read as windows-1252, which only adds letters where those leave control
/// codes (€, Š, „, …). UTF-7 is refused (it hides markup from filters and .NET has dropped it). A file declared as a
/// legacy charset whose non-ASCII bytes are all UTF-8 sequences is refused too: read as declared it would be
/// "MÃ¼ller".</item>
/// <item>Undeclared, a file that is valid UTF-8 is UTF-8.</item>
/// <item>Otherwise the charset is detected (UTF.Unknown, a port of Mozilla's uchardet) from the lines with non-ASCII
/// bytes. Windows-1252 is always a candidate. A candidate counts when its reading of those lines is text — letters,
/// common typographic signs (€ „ “ ’ – …), no control codes, no sign glued inside a word, no word mixing Latin
/// with Cyrillic or Greek. The file is read only when every such candidate reads it the same way and one of them was
/// detected with at least 50 % confidence; else 415 asking to declare the charset or save as UTF-8.</item>
/// </list>
/// Decoding is strict: a byte that is not valid in the chosen charset is a 400 naming its line and column, never U+FFFD.
/// </summary>
public static class CsvCharset
{
    /// <summary>Below this, the detector is guessing; UTF.Unknown reports 0–1.</summary>
    private const float MinimumConfidence = 0.5f;

    /// <summary>How much of the non-ASCII lines the detector looks at; more adds time, not certainty.</summary>
    private const int MaxSampleBytes = 1024 * 1024;

    /// <summary>Larger transcoded files go to a temporary file instead of memory.</summary>
    private const long MaxInMemoryBytes = 8 * 1024 * 1024;

    /// <summary>Signs that real text in a Western European file holds, beside letters and digits.</summary>
    private const string TypographicSigns = "€£¥¢©®™°§¶·«»¿¡–—‘’‚“”„…•‰ ";

    static CsvCharset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Reads <paramref name="file"/> (seekable, from its start) as UTF-8: the result's <see cref="CsvText.Utf8"/> is
    /// the file itself when it is UTF-8 already, else a transcoded copy the result owns. <paramref name="declared"/> is
    /// the charset parameter of the upload's content type, or null.
    /// </summary>
    public static async Task<CsvText> ReadAsync(Stream file, string? declared, CancellationToken cancellationToken)
    {
        file.Position = 0;
        var (bom, bomLength) = await ByteOrderMarkAsync(file, cancellationToken);
        Encoding encoding;
        if (bom is not null)
        {
            encoding = bom;
        }
        else if (!string.IsNullOrWhiteSpace(declared))
        {
            if (Declared(declared.Trim()) is not { } known)
            {
                return CsvText.Refused(CsvCharsetProblem.Unsupported(declared.Trim()));
            }

            encoding = known;
        }
        else
        {
            var firstInvalid = await FirstInvalidUtf8Async(file, cancellationToken);
            if (firstInvalid is null)
            {
                return new CsvText(file, "utf-8", owns: false);
            }

            var detected = await DetectAsync(file, cancellationToken);
            if (detected.Problem is { } undetected)
            {
                return CsvText.Refused(undetected);
            }

            encoding = detected.Encoding!;
        }

        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            file.Position = bomLength;
            return await FirstInvalidUtf8Async(file, cancellationToken) is { } invalid
                ? CsvText.Refused(CsvCharsetProblem.NotDecodable("utf-8", invalid.Line, invalid.Column, invalid.Byte))
                : new CsvText(file, "utf-8", owns: false);
        }

        if (bom is null && await Utf8LineAsync(file, cancellationToken) is { } utf8Line)
        {
            return CsvText.Refused(CsvCharsetProblem.DeclaredButUtf8(encoding.WebName, utf8Line));
        }

        return await TranscodeAsync(file, bomLength, encoding, cancellationToken);
    }

    /// <summary>The encoding a declared charset names, or null when it is unknown or refused (UTF-7).</summary>
    public static Encoding? Declared(string charset)
    {
        var name = charset.Trim('"', ' ').ToLowerInvariant();
        if (name is "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "iso_8859-1" or "us-ascii" or "ascii" or "cp819" or "ibm819")
        {
            name = "windows-1252";
        }

        try
        {
            var encoding = Encoding.GetEncoding(name);
            return encoding.CodePage == 65000 ? null : encoding;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static async Task<(Encoding? Encoding, int Length)> ByteOrderMarkAsync(Stream file, CancellationToken cancellationToken)
    {
        var start = new byte[3];
        var read = await file.ReadAtLeastAsync(start, 3, throwOnEndOfStream: false, cancellationToken);
        file.Position = 0;
        return start.AsSpan(0, read) switch
        {
            [0xEF, 0xBB, 0xBF] => (Encoding.UTF8, 3),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => (null, 0),
        };
    }

    /// <summary>Where the stream (from its position) first stops being UTF-8, or null when it never does. Leaves the position at 0.</summary>
    private static async Task<BadByte?> FirstInvalidUtf8Async(Stream file, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var chars = ArrayPool<char>.Shared.Rent(64 * 1024);
        try
        {
            int line = 1, column = 1, carried = 0;
            while (true)
            {
                var read = await file.ReadAsync(buffer.AsMemory(carried, buffer.Length - carried), cancellationToken);
                var length = carried + read;
                var final = read == 0;
                var status = Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out var consumed, out var written, replaceInvalidSequences: false, isFinalBlock: final);
                Count(chars.AsSpan(0, written), ref line, ref column);
                if (status == OperationStatus.InvalidData)
                {
                    file.Position = 0;
                    return new BadByte(line, column, buffer[consumed]);
                }

                if (final)
                {
                    file.Position = 0;
                    return null;
                }

                // An incomplete sequence at the end of the buffer waits for the next read.
                carried = length - consumed;
                buffer.AsSpan(consumed, carried).CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// The first line with a multi-byte UTF-8 sequence when every non-ASCII byte of the file belongs to one: such a
    /// file is UTF-8, whatever it was declared as. Null otherwise. Leaves the position at 0.
    /// </summary>
    private static async Task<int?> Utf8LineAsync(Stream file, CancellationToken cancellationToken)
    {
        if (await FirstInvalidUtf8Async(file, cancellationToken) is not null)
        {
            return null;
        }

        var first = await NonAsciiLinesAsync(file, maxBytes: 1, cancellationToken);
        return first.Count > 0 ? first[0].Line : null;
    }

    private static async Task<CsvCharsetDetection> DetectAsync(Stream file, CancellationToken cancellationToken)
    {
        var lines = await NonAsciiLinesAsync(file, MaxSampleBytes, cancellationToken);
        var sample = lines.SelectMany(l => l.Bytes.Append((byte)'\n')).ToArray();
        var detected = CharsetDetector.DetectFromBytes(sample);

        var candidates = new Dictionary<int, (Encoding Encoding, float Confidence)>();
        foreach (var detail in detected.Details)
        {
            if (detail.EncodingName is not { } name || Declared(name) is not { } encoding || encoding.CodePage == 65001)
            {
                continue;
            }

            if (!candidates.TryGetValue(encoding.CodePage, out var known) || known.Confidence < detail.Confidence)
            {
                candidates[encoding.CodePage] = (encoding, detail.Confidence);
            }
        }

        var windows1252 = Declared("windows-1252")!;
        candidates.TryAdd(windows1252.CodePage, (windows1252, 0f));

        var readings = new List<(Encoding Encoding, float Confidence, string Text)>();
        foreach (var (encoding, confidence) in candidates.Values)
        {
            if (Strict(encoding) is { } strict && TryDecode(strict, sample) is { } text && IsPlausibleText(text))
            {
                readings.Add((encoding, confidence, text));
            }
        }

        var firstLine = lines.Count > 0 ? lines[0].Line : 1;
        var distinct = readings.Select(r => r.Text).Distinct(StringComparer.Ordinal).Count();
        if (distinct == 0)
        {
            return new CsvCharsetDetection(null, CsvCharsetProblem.Undetected(firstLine, []));
        }

        if (distinct > 1)
        {
            return new CsvCharsetDetection(null, CsvCharsetProblem.Undetected(firstLine, [.. readings.Select(r => r.Encoding.WebName).Distinct()]));
        }

        var best = readings.MaxBy(r => r.Confidence);
        return best.Confidence >= MinimumConfidence
            ? new CsvCharsetDetection(best.Encoding, null)
            : new CsvCharsetDetection(null, CsvCharsetProblem.Undetected(firstLine, [best.Encoding.WebName]));
    }

    /// <summary>The lines (number, bytes without the line break) that hold a byte above 0x7F, up to about <paramref name="maxBytes"/>.</summary>
    private static async Task<List<(int Line, byte[] Bytes)>> NonAsciiLinesAsync(Stream file, int maxBytes, CancellationToken cancellationToken)
    {
        file.Position = 0;
        var lines = new List<(int, byte[])>();
        var current = new List<byte>();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int line = 1, total = 0, read;
            var nonAscii = false;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0 && total < maxBytes)
            {
                foreach (var b in buffer.AsSpan(0, read))
                {
                    if (b == (byte)'\n')
                    {
                        Flush();
                        line++;
                        continue;
                    }

                    current.Add(b);
                    nonAscii |= b > 0x7F;
                }
            }

            Flush();

            void Flush()
            {
                if (nonAscii && total < maxBytes)
                {
                    lines.Add((line, [.. current]));
                    total += current.Count;
                }

                current.Clear();
                nonAscii = false;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            file.Position = 0;
        }

        return lines;
    }

    /// <summary>
    /// Whether decoded text reads as text: what a wrong charset produces instead is control codes, signs inside words
    /// ("Wroc³aw"), or words of mixed scripts ("Mьller").
    /// </summary>
    private static bool IsPlausibleText(string text)
    {
        var runes = text.EnumerateRunes().ToList();
        var word = new StringBuilder();
        for (var i = 0; i < runes.Count; i++)
        {
            var rune = runes[i];
            var isLetter = Rune.IsLetter(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
            if (isLetter)
            {
                word.Append(rune.ToString());
                continue;
            }

            if (word.Length > 0 && WritingScripts.FirstMix(word.ToString()) is not null)
            {
                return false;
            }

            word.Clear();
            if (rune.Value is '\r' or '\t' or '\n' || rune.IsAscii && !Rune.IsControl(rune) || Rune.IsDigit(rune))
            {
                continue;
            }

            if (!TypographicSigns.Contains(rune.ToString(), StringComparison.Ordinal))
            {
                return false;
            }

            // A sign between two letters is a letter the wrong charset turned into a sign; an apostrophe or a middle dot may stand there.
            var between = i > 0 && i < runes.Count - 1 && Rune.IsLetter(runes[i - 1]) && Rune.IsLetter(runes[i + 1]);
            if (between && rune.Value is not ('’' or '·'))
            {
                return false;
            }
        }

        return word.Length == 0 || WritingScripts.FirstMix(word.ToString()) is null;
    }

    private static Encoding? Strict(Encoding encoding)
    {
        try
        {
            return Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static string? TryDecode(Encoding strict, byte[] bytes)
    {
        try
        {
            return strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Decodes the whole file strictly into UTF-8; a byte the charset does not define is refused with its line and column.</summary>
    private static async Task<CsvText> TranscodeAsync(Stream file, int bomLength, Encoding encoding, CancellationToken cancellationToken)
    {
        var strict = Strict(encoding);
        if (strict is null)
        {
            return CsvText.Refused(CsvCharsetProblem.Unsupported(encoding.WebName));
        }

        Stream target = file.Length <= MaxInMemoryBytes
            ? new MemoryStream()
            : new FileStream(
                Path.Combine(Path.GetTempPath(), "leadrouting-csv-" + Path.GetRandomFileName()),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var decoder = strict.GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var chars = ArrayPool<char>.Shared.Rent(strict.GetMaxCharCount(64 * 1024) + 2);
        try
        {
            file.Position = bomLength;
            int line = 1, column = 1, read;
            await using var writer = new StreamWriter(target, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            do
            {
                read = await file.ReadAsync(bytes, cancellationToken);
                int written;
                try
                {
                    written = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                }
                catch (DecoderFallbackException ex)
                {
                    var before = Math.Max(ex.Index, 0);
                    var partial = encoding.GetString(bytes, 0, Math.Min(before, read));
                    Count(partial, ref line, ref column);
                    var bad = ex.BytesUnknown is { Length: > 0 } unknown ? unknown[0] : bytes[Math.Min(before, read - 1)];
                    await target.DisposeAsync();
                    return CsvText.Refused(CsvCharsetProblem.NotDecodable(encoding.WebName, line, column, bad));
                }

                Count(chars.AsSpan(0, written), ref line, ref column);
                await writer.WriteAsync(chars.AsMemory(0, written), cancellationToken);
            }
            while (read > 0);

            await writer.FlushAsync(cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
            file.Position = 0;
        }

        target.Position = 0;
        return new CsvText(target, encoding.WebName, owns: true);
    }

    private static void Count(ReadOnlySpan<char> text, ref int line, ref int column)
    {
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else if (!char.IsLowSurrogate(c))
            {
                column++;
            }
        }
    }

    private sealed record BadByte(int Line, int Column, byte Byte);

    private sealed record CsvCharsetDetection(Encoding? Encoding, CsvCharsetProblem? Problem);
}

/// <summary>A CSV file as UTF-8 (<see cref="Utf8"/>), or why it cannot be read as text (<see cref="Problem"/>).</summary>
public sealed class CsvText(Stream? utf8, string? charset, bool owns) : IAsyncDisposable
{
    public Stream? Utf8 { get; } = utf8;

    /// <summary>The charset the file was read in (its web name, e.g. windows-1252).</summary>
    public string? Charset { get; } = charset;

    public CsvCharsetProblem? Problem { get; private init; }

    public static CsvText Refused(CsvCharsetProblem problem) => new(null, null, owns: false) { Problem = problem };

    public ValueTask DisposeAsync() => owns && Utf8 is not null ? Utf8.DisposeAsync() : ValueTask.CompletedTask;
}

/// <summary>
/// Why a file cannot be read as text: 415 for a charset that is unknown, refused or undetectable, 400 for bytes that do
/// not fit it. <see cref="Reason"/> says what is wrong, <see cref="Detail"/> adds what an API client can do about it.
/// </summary>
public sealed record CsvCharsetProblem(int Status, string Title, string Reason)
{
    /// <summary>The field a problem names: the charset of the upload.</summary>
    public const string Field = "charset";

    public string Detail => $"{Reason} Save the file as UTF-8, or declare its charset, e.g. Content-Type: text/csv; charset=windows-1252.";

    public static CsvCharsetProblem Unsupported(string charset) => new(
        StatusCodes.Status415UnsupportedMediaType,
        "Unsupported charset.",
        charset.Trim('"', ' ').Equals("utf-7", StringComparison.OrdinalIgnoreCase)
            ? "The charset 'utf-7' is not accepted: it is obsolete and can hide text from filters."
            : $"The charset '{TextRules.Shorten(charset)}' is not known (windows-1252, iso-8859-15, utf-16, … are).");

    public static CsvCharsetProblem Undetected(int line, IReadOnlyList<string> candidates) => new(
        StatusCodes.Status415UnsupportedMediaType,
        "The file's charset could not be told.",
        string.Create(CultureInfo.InvariantCulture, $"The file is not UTF-8 (line {line} has bytes UTF-8 does not allow) and no charset was given; ") +
        candidates.Count switch
        {
            0 => "no charset reads it as text.",
            1 => $"it might be {candidates[0]}, but not with enough certainty to store names from it.",
            _ => $"it reads as text in {string.Join(" and in ", candidates)}, differently.",
        });

    public static CsvCharsetProblem NotDecodable(string charset, int line, int column, byte value) => new(
        StatusCodes.Status400BadRequest,
        "The file does not match its charset.",
        string.Create(CultureInfo.InvariantCulture,
            $"Line {line}, column {column}: the byte 0x{value:X2} is not valid {charset}. Nothing was imported."));

    public static CsvCharsetProblem DeclaredButUtf8(string charset, int line) => new(
        StatusCodes.Status415UnsupportedMediaType,
        "The file is UTF-8, not its declared charset.",
        string.Create(CultureInfo.InvariantCulture,
            $"The file was declared {charset}, but its non-ASCII bytes are UTF-8 (first on line {line}); read as {charset} they would be stored garbled (\"MÃ¼ller\" for \"Müller\"). Use charset=utf-8 or none."));
}
