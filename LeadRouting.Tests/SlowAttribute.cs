using Xunit.Abstractions;
using Xunit.Sdk;

namespace LeadRouting.Tests;

/// <summary>What puts a test class in the slow tier: something outside this test process it starts, or its run time.</summary>
public enum SlowBecause
{
    /// <summary>Drives Debian's Chromium through Playwright.</summary>
    Browser,

    /// <summary>Starts the real app (or its command line) as a separate process.</summary>
    AppProcess,

    /// <summary>Starts its own PostgreSQL server.</summary>
    PostgreSql,

    /// <summary>Starts its own Redis server.</summary>
    Redis,

    /// <summary>Mounts a small tmpfs (needs root).</summary>
    Tmpfs,

    /// <summary>Nothing outside the process, but long: many thousands of rows or requests.</summary>
    Volume,
}

/// <summary>
/// Puts a test class (or one test) in the slow tier: the traits <c>Tier=Slow</c> and one <c>Needs=…</c> per reason.
/// <c>bash scripts/test.sh --fast</c> runs everything else (<c>--filter "Tier!=Slow"</c>): the core, the components
/// and the API in-process. <see cref="TierTests"/> fails when a class that starts a browser, a process, a server
/// or a tmpfs lacks it.
/// </summary>
[TraitDiscoverer("LeadRouting.Tests.SlowTraitDiscoverer", "LeadRouting.Tests")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SlowAttribute(params SlowBecause[] reasons) : Attribute, ITraitAttribute
{
    public const string Tier = "Tier";
    public const string SlowTier = "Slow";
    public const string Needs = "Needs";

    public IReadOnlyList<SlowBecause> Reasons { get; } = reasons;
}

/// <summary>Turns <see cref="SlowAttribute"/> into xunit traits (xunit v2 finds this by the name on the attribute).</summary>
public sealed class SlowTraitDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        yield return new(SlowAttribute.Tier, SlowAttribute.SlowTier);
        // The params array arrives as an array of the enum or of its underlying numbers, depending on the reader.
        if (traitAttribute.GetConstructorArguments().FirstOrDefault() is System.Collections.IEnumerable reasons)
        {
            foreach (var reason in reasons)
            {
                yield return new(SlowAttribute.Needs, ((SlowBecause)Enum.ToObject(typeof(SlowBecause), reason)).ToString());
            }
        }
    }
}
