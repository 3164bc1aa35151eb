using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LeadRouting.Tests.Components;

/// <summary>
/// Every text the UI asks a localizer for by its English key has a German translation in the resource file that
/// localizer reads, with the same placeholders; a German page never shows an English text by accident. The keys are
/// found in the source (<c>T["…"]</c> on an <c>IStringLocalizer&lt;X&gt;</c>), so a new text without a translation
/// fails here, before anyone sees the page.
/// </summary>
public sealed partial class LocalizationCoverageTests
{
    private static readonly string WebRoot = Path.Combine(RepositoryRoot.Path, "LeadRouting.Web");

    [Fact]
    public void Every_localized_text_has_a_German_translation_with_the_same_placeholders()
    {
        var missing = new List<string>();
        foreach (var (file, localizer, key) in LocalizedKeys())
        {
            var resource = ResourceFile(localizer);
            if (resource is null)
            {
                missing.Add($"{Relative(file)}: no {localizer}.de.resx for the localizer of {localizer}");
                continue;
            }

            var german = Entries(resource);
            if (!german.TryGetValue(key, out var value))
            {
                missing.Add($"{Relative(file)}: \"{key}\" is not in {Relative(resource)}");
            }
            else if (!Placeholders(key).SetEquals(Placeholders(value)))
            {
                missing.Add($"{Relative(resource)}: \"{key}\" → \"{value}\" has other placeholders");
            }
        }

        Assert.True(missing.Count == 0, "Texts without a German translation:\n" + string.Join("\n", missing.Distinct()));
    }

    [Fact]
    public void The_scan_finds_the_localized_texts_of_the_layout_and_the_login_page()
    {
        // Guards the scan itself: if the patterns stopped matching, the test above would pass on nothing.
        var keys = LocalizedKeys().ToList();
        Assert.Contains(keys, k => k.File.EndsWith("MainLayout.razor", StringComparison.Ordinal) && k.Key == "Sign out");
        Assert.Contains(keys, k => k.File.EndsWith("Login.razor.cs", StringComparison.Ordinal) && k.Localizer == "Login");
    }

    [Fact]
    public void Localizers_are_asked_for_literal_keys_not_interpolated_text()
    {
        // T[$"Lead {id}"] makes a key per value that no resource file can hold; arguments go after the key.
        var interpolated = SourceFiles()
            .SelectMany(f => InterpolatedKey().Matches(File.ReadAllText(f)).Select(m => $"{Relative(f)}: {m.Value}"))
            .ToList();
        Assert.True(interpolated.Count == 0, string.Join("\n", interpolated));
    }

    [Fact]
    public void Every_German_resource_file_sits_next_to_the_type_it_translates()
    {
        var orphans = Directory.EnumerateFiles(WebRoot, "*.de.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f =>
            {
                var type = Path.GetFileName(f)[..^".de.resx".Length];
                var folder = Path.GetDirectoryName(f)!;
                return !File.Exists(Path.Combine(folder, type + ".razor")) && !File.Exists(Path.Combine(folder, type + ".cs"));
            })
            .Select(Relative)
            .ToList();
        Assert.True(orphans.Count == 0, "Resource files no type reads: " + string.Join(", ", orphans));
    }

    /// <summary>(file, localizer type, key) for every literal key asked of a localizer in the web project.</summary>
    private static IEnumerable<(string File, string Localizer, string Key)> LocalizedKeys()
    {
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            // A name may be declared more than once in a file (each extension method's parameter): one localizer type per name.
            var localizers = Declaration().Matches(text).GroupBy(m => m.Groups["name"].Value).ToDictionary(g => g.Key, g => g.First().Groups["type"].Value);
            // A component's code-behind declares the localizer its .razor half uses, and the other way round.
            var partner = file.EndsWith(".razor.cs", StringComparison.Ordinal) ? file[..^3] : file.EndsWith(".razor", StringComparison.Ordinal) ? file + ".cs" : null;
            if (partner is not null && File.Exists(partner))
            {
                foreach (Match m in Declaration().Matches(File.ReadAllText(partner)))
                {
                    localizers.TryAdd(m.Groups["name"].Value, m.Groups["type"].Value);
                }
            }

            foreach (var (name, type) in localizers)
            {
                foreach (Match use in Regex.Matches(text, @"(?<![\w.])" + Regex.Escape(name) + @"\[\s*""(?<key>(?:[^""\\]|\\.)*)"""))
                {
                    yield return (file, type, Regex.Unescape(use.Groups["key"].Value));
                }
            }
        }
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(WebRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The German resource file of a localizer's type: <c>X.de.resx</c> next to <c>X.razor</c> or <c>X.cs</c>.</summary>
    private static string? ResourceFile(string type)
    {
        var candidates = Directory.EnumerateFiles(WebRoot, type + ".de.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static Dictionary<string, string> Entries(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot.Path, path);

    [GeneratedRegex(@"IStringLocalizer<(?<type>\w+)>\s+(?<name>\w+)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\{(\d+)(?:[:,][^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<![\w.])(?:T|Text|Shared|text)\[\s*\$""")]
    private static partial Regex InterpolatedKey();
}
