using LeadRouting.Core.Import;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>The choices the import page offers: locales, targets, the separator's name, which modes are built.</summary>
public static class ImportChoices
{
    /// <summary>Locale value (a culture name; empty: none) and what it means for the file, the usual CRM ones first.</summary>
    public static IReadOnlyList<(string Value, string Label)> Locales { get; } =
    [
        ("", "Plain digits, ISO dates (no locale)"),
        ("en-US", "English (US): 2,448.50 · 10/20/2016"),
        ("en-GB", "English (UK): 2,448.50 · 20/10/2016"),
        ("de-DE", "German: 1.054,00 · 20.10.2016"),
        ("de-AT", "German (Austria): 1.054,00 · 20.10.2016"),
        ("de-CH", "German (Switzerland): 1’054.00 · 20.10.2016"),
        ("fr-FR", "French: 1 054,00 · 20/10/2016"),
        ("nl-NL", "Dutch: 1.054,00 · 20-10-2016"),
    ];

    /// <summary>Every target a column can map to, lead fields first, then the history columns.</summary>
    public static IReadOnlyList<string> Targets => ImportTargets.Names;

    public static string DescribeSeparator(char separator) => separator switch
    {
        ',' => "comma (,)",
        ';' => "semicolon (;)",
        '\t' => "tab",
        '|' => "bar (|)",
        _ => $"'{separator}'",
    };
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

    public string Text =>
        dryRun
            ? _finished ? $"Dry run done: {Total:N0} rows." : $"Dry run of {Total:N0} rows…"
            : $"{Done:N0} / {Total:N0} rows{(_finished ? " — done." : "")}";

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
