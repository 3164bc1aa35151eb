using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Tests.Core.Routing.Matching;

/// <summary>
/// The registrable domain as the Public Suffix List defines it, checked with the list's own test cases
/// (publicsuffix/list, tests/test_psl.txt: <c>checkPublicSuffix(domain, expected)</c>), IDN cases in their Punycode form
/// (the only form the product holds domains in), and one hand-made list for the wildcard and exception rules alone.
/// </summary>
public sealed class PublicSuffixListTests
{
    public static TheoryData<string, string?> OfficialCases => new()
    {
        // Mixed case is lower-cased before the list is asked (DomainNames does); unlisted TLDs fall to the implicit "*".
        { "com", null },
        { "example.com", "example.com" },
        { "b.example.com", "example.com" },
        { "a.b.example.com", "example.com" },
        { "example", null },
        { "example.example", "example.example" },
        { "b.example.example", "example.example" },
        { "a.b.example.example", "example.example" },
        // TLD with only one rule.
        { "biz", null },
        { "domain.biz", "domain.biz" },
        { "b.domain.biz", "domain.biz" },
        { "a.b.domain.biz", "domain.biz" },
        // TLD with some two-level rules.
        { "uk.com", null },
        { "example.uk.com", "example.uk.com" },
        { "b.example.uk.com", "example.uk.com" },
        { "a.b.example.uk.com", "example.uk.com" },
        { "test.ac", "test.ac" },
        // TLD with only one (wildcard) rule.
        { "mm", null },
        { "c.mm", null },
        { "b.c.mm", "b.c.mm" },
        { "a.b.c.mm", "b.c.mm" },
        // More complex TLD.
        { "jp", null },
        { "test.jp", "test.jp" },
        { "www.test.jp", "test.jp" },
        { "ac.jp", null },
        { "test.ac.jp", "test.ac.jp" },
        { "www.test.ac.jp", "test.ac.jp" },
        { "kyoto.jp", null },
        { "test.kyoto.jp", "test.kyoto.jp" },
        { "ide.kyoto.jp", null },
        { "b.ide.kyoto.jp", "b.ide.kyoto.jp" },
        { "a.b.ide.kyoto.jp", "b.ide.kyoto.jp" },
        { "c.kobe.jp", null },
        { "b.c.kobe.jp", "b.c.kobe.jp" },
        { "a.b.c.kobe.jp", "b.c.kobe.jp" },
        { "city.kobe.jp", "city.kobe.jp" },
        { "www.city.kobe.jp", "city.kobe.jp" },
        // TLD with a wildcard rule and exceptions.
        { "ck", null },
        { "test.ck", null },
        { "b.test.ck", "b.test.ck" },
        { "a.b.test.ck", "b.test.ck" },
        { "www.ck", "www.ck" },
        { "www.www.ck", "www.ck" },
        // US K12.
        { "us", null },
        { "test.us", "test.us" },
        { "www.test.us", "test.us" },
        { "ak.us", null },
        { "test.ak.us", "test.ak.us" },
        { "www.test.ak.us", "test.ak.us" },
        { "k12.ak.us", null },
        { "test.k12.ak.us", "test.k12.ak.us" },
        { "www.test.k12.ak.us", "test.k12.ak.us" },
        // IDN labels, punycoded (食狮.com.cn, 食狮.公司.cn, 食狮.中国).
        { "xn--85x722f.com.cn", "xn--85x722f.com.cn" },
        { "xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn" },
        { "www.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn" },
        { "shishi.xn--55qx5d.cn", "shishi.xn--55qx5d.cn" },
        { "xn--55qx5d.cn", null },
        { "xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s" },
        { "www.xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s" },
        { "shishi.xn--fiqs8s", "shishi.xn--fiqs8s" },
        { "xn--fiqs8s", null },
        // Leading dots are no domains.
        { ".com", null },
        { ".example", null },
        { ".example.com", null },
        { ".example.example", null },
    };

    [Theory]
    [MemberData(nameof(OfficialCases))]
    public void RegistrableDomain_passes_the_lists_own_test_cases(string domain, string? expected) =>
        Assert.Equal(expected, PublicSuffixList.Default.RegistrableDomain(domain));

    [Theory]
    [InlineData("eu.siemens.com", "siemens.com")]
    [InlineData("siemens.co.uk", "siemens.co.uk")]
    [InlineData("www.siemens.co.uk", "siemens.co.uk")]
    [InlineData("shop.example.co.uk", "example.co.uk")]
    [InlineData("co.uk", null)]
    [InlineData("acme.github.io", "acme.github.io")]
    [InlineData("xn--bcher-kva.de", "xn--bcher-kva.de")]
    [InlineData("mail.xn--bcher-kva.de", "xn--bcher-kva.de")]
    public void RegistrableDomain_of_company_domains(string domain, string? expected) =>
        Assert.Equal(expected, PublicSuffixList.Default.RegistrableDomain(domain));

    [Fact]
    public void The_embedded_list_has_the_rules_of_the_upstream_file() =>
        Assert.InRange(PublicSuffixList.Default.RuleCount, 9000, 20000);

    [Theory]
    [InlineData("a.b.wild.test", "a.b.wild.test", "b.wild.test")]
    [InlineData("keep.wild.test", "keep.wild.test", "wild.test")]
    [InlineData("x.keep.wild.test", "keep.wild.test", "wild.test")]
    [InlineData("x.y.normal.test", "y.normal.test", "normal.test")]
    [InlineData("x.other", "x.other", "other")]
    public void Wildcard_and_exception_rules_of_a_list_read_from_text(string domain, string registrable, string suffix)
    {
        var list = PublicSuffixList.Parse(new StringReader("""
            // a comment, then rules
            test
            *.wild.test
            !keep.wild.test

            normal.test   trailing text is ignored
            """));

        Assert.Equal(registrable, list.RegistrableDomain(domain));
        Assert.Equal(suffix, list.PublicSuffix(domain));
    }
}
