using System.Text.RegularExpressions;
using LeadRouting.Core.Import;
using LeadRouting.Web.Leads;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>The choices the import page offers: locales, targets, the separator's name, which modes are built.</summary>
public static class ImportChoices
{
    /// <summary>Locale value (a culture name; empty: none) and what it means for the file, the usual CRM ones first, in the reader's language.</summary>
    public static IReadOnlyList<(string Value, string Label)> LocalesIn(IStringLocalizer<ImportSettings> text) =>
    [
        ("", text["Plain digits, ISO dates (no locale)"]),
        ("en-US", text["English (US): 2,448.50 · 10/20/2016"]),
        ("en-GB", text["English (UK): 2,448.50 · 20/10/2016"]),
        ("de-DE", text["German: 1.054,00 · 20.10.2016"]),
        ("de-AT", text["German (Austria): 1.054,00 · 20.10.2016"]),
        ("de-CH", text["German (Switzerland): 1’054.00 · 20.10.2016"]),
        ("fr-FR", text["French: 1 054,00 · 20/10/2016"]),
        ("nl-NL", text["Dutch: 1.054,00 · 20-10-2016"]),
    ];

    /// <summary>Every target a column can map to, lead fields first, then the history columns.</summary>
    public static IReadOnlyList<string> Targets => ImportTargets.Names;

    public static string DescribeSeparator(char separator, IStringLocalizer<ImportSettings> text) => separator switch
    {
        ',' => text["comma (,)"],
        ';' => text["semicolon (;)"],
        '\t' => text["tab"],
        '|' => text["bar (|)"],
        _ => $"'{separator}'",
    };
}

/// <summary>
/// The import's own English messages (a column's note, a row's problem) in the reader's language. The import service
/// and its API answer in English (the API contract); the page translates the notes and problems it knows by pattern,
/// as <see cref="Shared.TraceText"/> does for the trace, and shows any other one in English under a German heading.
/// </summary>
public static partial class ImportText
{
    public static string Of(string english, IStringLocalizer<ImportSettings> text)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "de")
        {
            return english;
        }

        if (Fixed(english, text) is { } known)
        {
            return known;
        }

        if (AlreadyMapped().Match(english) is { Success: true } mapped)
        {
            return text["'{0}' is already mapped from '{1}'", mapped.Groups["target"].Value, mapped.Groups["header"].Value];
        }

        if (MappedByChoice().Match(english) is { Success: true } chosen)
        {
            return text["'{0}' is mapped from '{1}' by choice", chosen.Groups["target"].Value, chosen.Groups["header"].Value];
        }

        // Any other message stays as the import wrote it (English), so nothing is lost in translation; the German lead-in
        // says so (README, "Import").
        return text["(in English) {0}", english];
    }

    private static string? Fixed(string english, IStringLocalizer<ImportSettings> text) => english switch
    {
        ExportHeaders.UnknownColumn => text["unknown column"],
        "ignored by choice" => text["ignored by choice"],
        CsvLeadReader.HistoryOnly => text["used only by mode=history"],
        "the company's revenue, not the deal's size (estimatedDealSize); map it by hand if the column means the deal"
            => text["the company's revenue, not the deal's size (estimatedDealSize); map it by hand if the column means the deal"],
        "a full name is not split into firstName and lastName; export the two columns, or map it by hand to one of them"
            => text["a full name is not split into firstName and lastName; export the two columns, or map it by hand to one of them"],
        "the lead's source is what created it (Original Source), not its latest activity"
            => text["the lead's source is what created it (Original Source), not its latest activity"],
        "Is required." => text["Is required."],
        "Must not be empty." => text["Must not be empty."],
        "Must not be negative." => text["Must not be negative."],
        "Is implausibly large." => text["Is implausibly large."],
        "Must not lie in the future." => text["Must not lie in the future."],
        "Must be a domain name such as example.com." => text["Must be a domain name such as example.com."],
        _ => (string?)null,
    };

    [GeneratedRegex(@"^'(?<target>[^']+)' is already mapped from '(?<header>.+)'$")]
    private static partial Regex AlreadyMapped();

    [GeneratedRegex(@"^'(?<target>[^']+)' is mapped from '(?<header>.+)' by choice$")]
    private static partial Regex MappedByChoice();
}

/// <summary>
/// The import's progress as the page shows it: rows done of the file's rows. It is redrawn whenever the bar moves by
/// one of its <see cref="Steps"/> steps — so an import moves steadily through them however fast its rows go, never
/// 0 → 100 % — and in between at most every <paramref name="every"/> (the count moves on while the bar waits for its
/// next step). Paced on <paramref name="clock"/> (the wall clock, as <see cref="Shared.LiveReload"/> is: screen
/// refresh is not business time). A dry run routes all its rows in one step, so it shows a running bar until it is done.
/// </summary>
public sealed class ImportProgress(int total, bool dryRun, Func<Task> render, TimeSpan every, TimeProvider? clock = null) : IProgress<int>
{
    /// <summary>The bar's steps (2 % each), each drawn as it is reached: 50 redraws for any file, whatever its size.</summary>
    public const int Steps = 50;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private int _done;
    private int _total = total;
    private int _drawnStep;
    private long _lastRender = (clock ?? TimeProvider.System).GetTimestamp();
    private volatile bool _finished;

    public int Done => Volatile.Read(ref _done);

    public int Total => Volatile.Read(ref _total);

    public bool Finished => _finished;

    public bool Indeterminate => dryRun && !_finished;

    public double Percent => Total == 0 ? (_finished ? 100 : 0) : Math.Min(100, 100.0 * Done / Total);

    /// <summary>The line under the bar in English, as <see cref="TextIn"/> writes it for an English reader.</summary>
    public string Text => TextIn(null, CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>"1.200 / 3.000 Zeilen" / "1,200 / 3,000 rows": the line under the bar in the reader's language and numbers.</summary>
    public string TextIn(IStringLocalizer<ImportSettings>? text, CultureInfo culture)
    {
        string Say(string key, params object[] arguments) => text is null ? string.Format(culture, key, arguments) : text[key, arguments];
        var total = Total.ToString("N0", culture);
        return dryRun
            ? _finished ? Say("Dry run done: {0} rows.", total) : Say("Dry run of {0} rows…", total)
            : _finished ? Say("{0} / {1} rows — done.", Done.ToString("N0", culture), total) : Say("{0} / {1} rows", Done.ToString("N0", culture), total);
    }

    public void Report(int value)
    {
        Volatile.Write(ref _done, value);
        var total = Total;
        var step = total <= 0 ? 0 : (int)Math.Min(Steps, (long)value * Steps / total);
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            if (step <= _drawnStep && _clock.GetElapsedTime(_lastRender, now) < every)
            {
                return;
            }

            _drawnStep = Math.Max(_drawnStep, step);
            _lastRender = now;
        }

        _ = render();
    }

    /// <summary>The run is over: <paramref name="rows"/> were read (blank rows the count included are not rows).</summary>
    public void Finish(int rows)
    {
        Volatile.Write(ref _total, rows);
        Volatile.Write(ref _done, rows);
        _finished = true;
    }
}
