using System.Numerics;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Routing;

/// <summary>
/// Finds the first segment (by priority) whose criteria match a lead, without scanning every predicate.
/// Segments are numbered in priority order; for geography, industry and source the index holds one bitset per
/// value naming the segments that accept it (segments without that criterion accept everything). A lookup ANDs
/// three bitsets and walks the set bits from the lowest, checking only the company-size range, so the cost
/// grows with segments / 64 rather than with the number of predicates.
/// </summary>
public sealed class SegmentIndex
{
    private readonly Segment[] _segments;
    private readonly int _words;
    private readonly Dictionary<string, ulong[]> _byCountry = new(StringComparer.OrdinalIgnoreCase);
    private readonly ulong[] _anyCountry;
    private readonly Dictionary<string, ulong[]> _byIndustry = new(StringComparer.OrdinalIgnoreCase);
    private readonly ulong[] _anyIndustry;
    private readonly ulong[][] _bySource;

    public SegmentIndex(IReadOnlyList<Segment> segments, IReadOnlyList<Region> regions)
    {
        _segments = [.. segments.Select((s, i) => (s, i)).OrderBy(x => x.s.Priority).ThenBy(x => x.i).Select(x => x.s)];
        _words = Math.Max(1, (_segments.Length + 63) / 64);
        _anyCountry = new ulong[_words];
        _anyIndustry = new ulong[_words];
        var sourceCount = Enum.GetValues<SignalType>().Length;
        _bySource = new ulong[sourceCount][];
        for (var s = 0; s < sourceCount; s++)
        {
            _bySource[s] = new ulong[_words];
        }

        var regionCountries = regions.ToDictionary(r => r.Code, r => r.Countries, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            var countries = segment.Countries
                .Concat(segment.Regions.SelectMany(r => regionCountries.TryGetValue(r, out var c) ? c : []))
                .ToList();
            AddCriterion(i, countries, _byCountry, _anyCountry);
            AddCriterion(i, segment.Industries, _byIndustry, _anyIndustry);
            for (var s = 0; s < sourceCount; s++)
            {
                if (segment.Sources.Count == 0 || segment.Sources.Contains((SignalType)s))
                {
                    Set(_bySource[s], i);
                }
            }
        }
    }

    public int Count => _segments.Length;

    /// <summary>The segments in evaluation order.</summary>
    public IReadOnlyList<Segment> Ordered => _segments;

    /// <summary>The first matching segment and how many segments were candidates before the size check.</summary>
    public Segment? Match(Lead lead)
    {
        var geo = lead.Country is { } country && _byCountry.TryGetValue(country, out var c) ? c : _anyCountry;
        var industry = lead.Industry is { } name && _byIndustry.TryGetValue(name.Trim(), out var n) ? n : _anyIndustry;
        var source = _bySource[(int)lead.Source];

        for (var w = 0; w < _words; w++)
        {
            var bits = geo[w] & industry[w] & source[w];
            while (bits != 0)
            {
                var i = (w * 64) + BitOperations.TrailingZeroCount(bits);
                var segment = _segments[i];
                if (SizeMatches(segment, lead.Employees))
                {
                    return segment;
                }

                bits &= bits - 1;
            }
        }

        return null;
    }

    private static bool SizeMatches(Segment segment, int? employees)
    {
        if (segment.MinEmployees is null && segment.MaxEmployees is null)
        {
            return true;
        }

        return employees is { } e
            && (segment.MinEmployees is not { } min || e >= min)
            && (segment.MaxEmployees is not { } max || e <= max);
    }

    private void AddCriterion(int index, IReadOnlyCollection<string> values, Dictionary<string, ulong[]> byValue, ulong[] any)
    {
        if (values.Count == 0)
        {
            Set(any, index);
            foreach (var bits in byValue.Values)
            {
                Set(bits, index);
            }

            return;
        }

        foreach (var value in values)
        {
            if (!byValue.TryGetValue(value, out var bits))
            {
                // A value seen for the first time is accepted by every earlier criterion-free segment.
                bits = (ulong[])any.Clone();
                byValue[value] = bits;
            }

            Set(bits, index);
        }
    }

    private static void Set(ulong[] bits, int index) => bits[index / 64] |= 1UL << (index % 64);
}
