using System.Globalization;
using System.Runtime.CompilerServices;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;

namespace LeadRouting.Core.Routing;

/// <summary>
/// The parts of the trace's sentences that depend on the configuration only, written once per engine (issue 21):
/// per intent × fit the treatment, per tier its levels and distribution, per segment its name, priority and team, per
/// pool its description in every variant the distribution step names, and the fit sentences of every combination of
/// points the policy can give. A sentence that depends on the lead is written with one allocation into the exact text
/// the older string interpolation produced (<c>TraceTextGoldenTests</c> pins it).
/// </summary>
/// <remarks>
/// Read-only after construction except the per-score texts of the "nurture or disqualify" cells and the intent
/// sentences, which are filled on first use: writing the same immutable string twice from two threads is harmless.
/// </remarks>
internal sealed class TraceTexts
{
    private const int CachedCounts = 16;
    private const int Scores = 101;

    private readonly string?[,] _treatmentInput;
    private readonly string?[,] _treatmentOutcome;
    private readonly string?[,][] _disqualifyByScore;
    private readonly MatrixRow?[,] _matrix;
    private readonly int _disqualifyBelow;
    private readonly string[] _tierSuffix;
    private readonly string[] _tierUnknown;
    private readonly Dictionary<Segment, string> _segmentOutcome = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<RepPool, string[]> _poolInput = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<long, string> _fitOutcome = [];
    private readonly IntentRule[] _intentRules;
    private readonly string?[] _intentOutcome;
    private readonly string _segmentsPrefix;

    public TraceTexts(RoutingPolicy policy, MatrixRow?[,] matrix, CompiledOrganisation organisation, SegmentIndex segments)
    {
        _matrix = matrix;
        _disqualifyBelow = policy.DisqualifyBelowFitScore;
        var intents = matrix.GetLength(0);
        var fits = matrix.GetLength(1);
        _treatmentInput = new string?[intents, fits];
        _treatmentOutcome = new string?[intents, fits];
        _disqualifyByScore = new string?[intents, fits][];
        for (var i = 0; i < intents; i++)
        {
            for (var f = 0; f < fits; f++)
            {
                _treatmentInput[i, f] = $"{(Intent)i} intent × {(Fit)f} fit";
                if (matrix[i, f] is not { } row)
                {
                    continue;
                }

                if (row.Action == TreatmentAction.NurtureOrDisqualify)
                {
                    _disqualifyByScore[i, f] = new string?[Scores];
                }
                else
                {
                    _treatmentOutcome[i, f] = DescribeAction(row, 0, _disqualifyBelow);
                }
            }
        }

        _tierSuffix = [.. policy.Tiers.Select(t => $": {string.Join(" / ", t.RepLevels.Select(RepLevels.Describe))}, {t.Distribution}")];
        _tierUnknown = [.. policy.Tiers.Select((t, i) => $"no deal size and no company size → {t.Tier}" + _tierSuffix[i])];

        foreach (var segment in segments.Ordered)
        {
            var team = organisation.FindTeam(segment.Team);
            _segmentOutcome[segment] = $"'{segment.Name}' (priority {segment.Priority}) → team {team?.Team.Name}";
        }

        foreach (var team in organisation.Teams)
        {
            foreach (var (primary, fallback) in team.TierPools)
            {
                AddPool(primary);
                if (fallback is not null)
                {
                    AddPool(fallback);
                }
            }

            AddPool(team.SdrPool);
            AddPool(team.BackupPool);
        }

        // Every combination of points the fit policy can give (sizes: each band's points or none).
        var threshold = policy.Fit.StrongThreshold;
        var sizes = policy.Fit.EmployeeBands.Select(b => b.Points).Append(0).Distinct().ToList();
        foreach (var size in sizes)
        {
            foreach (var industry in new[] { 0, policy.Fit.Industries.Points }.Distinct())
            {
                foreach (var tech in new[] { 0, policy.Fit.TechStack.Points }.Distinct())
                {
                    foreach (var country in new[] { 0, policy.Fit.Countries.Points }.Distinct())
                    {
                        var score = Math.Clamp(size + industry + tech + country, 0, 100);
                        var result = new FitResult(score, score >= threshold ? Fit.Strong : Fit.Weak, size, industry, tech, country);
                        _fitOutcome.TryAdd(FitKey(result), result.Explain(threshold));
                    }
                }
            }
        }

        _intentRules = [.. policy.Intent.Rules];
        _intentOutcome = new string?[(_intentRules.Length + 1) * CachedCounts * CachedCounts];
        _segmentsPrefix = $"{segments.Count} segments in priority order (country ";
    }

    private void AddPool(RepPool pool)
    {
        if (_poolInput.ContainsKey(pool))
        {
            return;
        }

        var texts = new string[6];
        foreach (var leastLoaded in new[] { false, true })
        {
            foreach (var hours in new[] { PoolHours.Ignored, PoolHours.InHours, PoolHours.Regardless })
            {
                texts[PoolIndex(leastLoaded, hours)] = PoolInputText(pool, leastLoaded ? PoolDistribution.LeastLoaded : PoolDistribution.WeightedRoundRobin, hours);
            }
        }

        _poolInput[pool] = texts;
    }

    private static int PoolIndex(bool leastLoaded, PoolHours hours) => ((leastLoaded ? 1 : 0) * 3) + (int)hours;

    /// <summary>The pool step's input: the pool, its size, least-loaded or not, and how working hours count.</summary>
    public string PoolInput(RepPool pool, PoolDistribution distribution, PoolHours hours) =>
        _poolInput.TryGetValue(pool, out var texts)
            ? texts[PoolIndex(distribution == PoolDistribution.LeastLoaded, hours)]
            : PoolInputText(pool, distribution, hours);

    private static string PoolInputText(RepPool pool, PoolDistribution distribution, PoolHours hours) =>
        $"{pool.Description} ({pool.Reps.Count} reps)"
        + (distribution == PoolDistribution.LeastLoaded ? ", least-loaded" : "")
        + hours switch
        {
            PoolHours.InHours => ", in working hours",
            PoolHours.Regardless => ", outside working hours too, as nobody in hours can take it",
            _ => "",
        };

    public string TreatmentInput(Intent intent, Fit fit) =>
        _treatmentInput[(int)intent, (int)fit] ?? $"{intent} intent × {fit} fit";

    public string TreatmentOutcome(Intent intent, Fit fit, int score)
    {
        if (_treatmentOutcome[(int)intent, (int)fit] is { } text)
        {
            return text;
        }

        var row = _matrix[(int)intent, (int)fit]!;
        if (_disqualifyByScore[(int)intent, (int)fit] is { } byScore && (uint)score < Scores)
        {
            return byScore[score] ??= DescribeAction(row, score, _disqualifyBelow);
        }

        return DescribeAction(row, score, _disqualifyBelow);
    }

    /// <summary>The treatment step's outcome, as the engine has always written it.</summary>
    public static string DescribeAction(MatrixRow row, int fitScore, int disqualifyBelow)
    {
        var text = row.Action.ToString();
        if (row.Action == TreatmentAction.NurtureOrDisqualify)
        {
            text += fitScore < disqualifyBelow
                ? $": fit score {fitScore} < {disqualifyBelow} → Disqualified"
                : $": fit score {fitScore} ≥ {disqualifyBelow} → Nurture";
        }

        if (row.Immediate)
        {
            text += " (immediate: reps in working hours first)";
        }

        if (row.SlaCap is not null)
        {
            text += $" (top of the queue, SLA at most {row.SlaCap})";
        }

        return text;
    }

    public string TierOutcome(TierResult tier)
    {
        var suffix = _tierSuffix[tier.Index];
        switch (tier.Basis)
        {
            case TierBasis.DealSize:
                {
                    var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
                    text.AppendLiteral("estimated deal size ");
                    text.AppendFormatted(tier.DealSize!.Value, "N0");
                    text.AppendLiteral(" ");
                    text.AppendLiteral(tier.Currency);
                    text.AppendLiteral(" → ");
                    text.AppendLiteral(TierName(tier.Tier.Tier));
                    text.AppendLiteral(suffix);
                    return text.ToStringAndClear();
                }

            case TierBasis.Employees:
                {
                    var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
                    text.AppendLiteral("no deal size; estimated from ");
                    text.AppendFormatted(tier.Employees!.Value, "N0");
                    text.AppendLiteral(" employees → ");
                    text.AppendLiteral(TierName(tier.Tier.Tier));
                    text.AppendLiteral(suffix);
                    return text.ToStringAndClear();
                }

            default:
                return _tierUnknown[tier.Index];
        }
    }

    private static string TierName(DealTier tier) => tier.ToString();

    public string? SegmentOutcome(Segment segment) => _segmentOutcome.GetValueOrDefault(segment);

    /// <summary>The segment step's input: how many segments, and the lead's fields they look at.</summary>
    public string SegmentInput(Lead lead)
    {
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendLiteral(_segmentsPrefix);
        text.AppendLiteral(lead.Country ?? "unknown");
        text.AppendLiteral(", industry ");
        text.AppendLiteral(lead.Industry ?? "unknown");
        text.AppendLiteral(", ");
        AppendEmployees(ref text, lead.Employees);
        text.AppendLiteral(" employees, source ");
        text.AppendLiteral(SourceName(lead.Source));
        text.AppendLiteral(")");
        return text.ToStringAndClear();
    }

    /// <summary>The fit step's input: the firmographics the fit table reads.</summary>
    public static string Firmographics(Lead lead)
    {
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        AppendEmployees(ref text, lead.Employees);
        text.AppendLiteral(" employees, industry ");
        text.AppendLiteral(lead.Industry ?? "unknown");
        text.AppendLiteral(", tech stack [");
        for (var i = 0; i < lead.TechStack.Count; i++)
        {
            if (i > 0)
            {
                text.AppendLiteral(", ");
            }

            text.AppendLiteral(lead.TechStack[i]);
        }

        text.AppendLiteral("], country ");
        text.AppendLiteral(lead.Country ?? "unknown");
        return text.ToStringAndClear();
    }

    private static void AppendEmployees(ref DefaultInterpolatedStringHandler text, int? employees)
    {
        if (employees is { } count)
        {
            text.AppendFormatted(count);
        }
        else
        {
            text.AppendLiteral("unknown");
        }
    }

    private static readonly string[] SourceNames = [.. Enum.GetValues<SignalType>().Select(s => s.ToString())];

    private static string SourceName(SignalType source) => (uint)source < (uint)SourceNames.Length ? SourceNames[(int)source] : source.ToString();

    private static long FitKey(FitResult fit) =>
        ((long)fit.SizePoints << 48) ^ ((long)(fit.IndustryPoints & 0xFFFF) << 32) ^ ((long)(fit.TechStackPoints & 0xFFFF) << 16) ^ (fit.CountryPoints & 0xFFFF) ^ ((long)fit.Score << 56);

    public string FitOutcome(FitResult fit, int threshold)
    {
        if (_fitOutcome.TryGetValue(FitKey(fit), out var text))
        {
            return text;
        }

        return fit.Explain(threshold);
    }

    public string IntentOutcome(IntentResult intent, int windowDays)
    {
        var rule = intent.Rule is null ? 0 : Array.IndexOf(_intentRules, intent.Rule) + 1;
        if (rule < 0 || (uint)intent.Count >= CachedCounts || (uint)intent.IgnoredAsOld >= CachedCounts)
        {
            return intent.Explain(windowDays);
        }

        var slot = (((rule * CachedCounts) + intent.Count) * CachedCounts) + intent.IgnoredAsOld;
        return _intentOutcome[slot] ??= intent.Explain(windowDays);
    }

    private static readonly string[] Days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// <paramref name="instant"/> in <paramref name="calendar"/>'s time zone as <c>ddd d MMM HH:mm</c> (invariant culture)
    /// followed by the zone's id: what <c>ToString("ddd d MMM HH:mm", InvariantCulture)</c> writes, without parsing the
    /// format on every call.
    /// </summary>
    public static void AppendInstant(ref DefaultInterpolatedStringHandler text, DateTimeOffset instant, BusinessCalendar calendar)
    {
        var local = TimeZoneInfo.ConvertTime(instant, calendar.TimeZone).DateTime;
        text.AppendLiteral(Days[(int)local.DayOfWeek]);
        text.AppendLiteral(" ");
        text.AppendFormatted(local.Day);
        text.AppendLiteral(" ");
        text.AppendLiteral(Months[local.Month - 1]);
        text.AppendLiteral(" ");
        AppendTwoDigits(ref text, local.Hour);
        text.AppendLiteral(":");
        AppendTwoDigits(ref text, local.Minute);
        text.AppendLiteral(" ");
        text.AppendLiteral(calendar.Definition.TimeZone);
    }

    private static void AppendTwoDigits(ref DefaultInterpolatedStringHandler text, int value)
    {
        Span<char> digits = [(char)('0' + (value / 10)), (char)('0' + (value % 10))];
        text.AppendFormatted((ReadOnlySpan<char>)digits);
    }

    public static string Instant(DateTimeOffset instant, BusinessCalendar calendar)
    {
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[64]);
        AppendInstant(ref text, instant, calendar);
        return text.ToStringAndClear();
    }
}

/// <summary>Whether a pool step looks at working hours: not at all (not immediate), only reps in hours, or — nobody being in hours — everyone.</summary>
internal enum PoolHours
{
    Ignored,
    InHours,
    Regardless,
}
