using System.Net;
using LeadRouting.Web.Notifications;

namespace LeadRouting.Tests.Notifications;

/// <summary>The one rule for where webhooks may go, address by address, and its allow-list.</summary>
public sealed class WebhookTargetRuleTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("::ffff:192.168.0.1", "private")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456:789a::1", "private")]
    [InlineData("fec0::1", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("0.1.2.3", "reserved")]
    [InlineData("192.0.0.8", "reserved")]
    [InlineData("192.0.2.10", "reserved")]
    [InlineData("198.18.0.1", "reserved")]
    [InlineData("198.51.100.7", "reserved")]
    [InlineData("203.0.113.9", "reserved")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("2001:db8::1", "reserved")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved")]
    [InlineData("100::1", "reserved")]
    [InlineData("::7f00:1", "reserved")]
    [InlineData("64:ff9b:1::1", "reserved")]
    public void NonPublicKind_names_what_an_internal_address_is(string address, string expected)
    {
        Assert.Contains(expected, WebhookTargetRule.NonPublicKind(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("2002:c0a8:0101::1", "private")]
    [InlineData("2002:7f00:1::", "loopback")]
    public void NonPublicKind_judges_an_address_that_embeds_IPv4_by_the_IPv4_address_it_reaches(string address, string expected)
    {
        Assert.Contains(expected, WebhookTargetRule.NonPublicKind(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("11.0.0.1")]
    [InlineData("223.255.255.254")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:81c::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void NonPublicKind_is_null_for_public_unicast_addresses(string address)
    {
        Assert.Null(WebhookTargetRule.NonPublicKind(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("2130706433")]
    [InlineData("0x7f.1")]
    [InlineData("0x7f000001")]
    [InlineData("0177.0.0.1")]
    [InlineData("017700000001")]
    [InlineData("127.1")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    public void TryParseAddress_reads_every_form_a_resolver_reads_as_an_address(string host)
    {
        Assert.True(WebhookTargetRule.TryParseAddress(host, out var address));
        Assert.Contains("loopback", WebhookTargetRule.PublicOnly.Refusal(address));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("localhost.", true)]
    [InlineData("app.localhost", true)]
    [InlineData("a.b.localhost.", true)]
    [InlineData("localhost.example.com", false)]
    [InlineData("mylocalhost", false)]
    [InlineData("hooks.example.com", false)]
    public void IsLocalhostName_covers_localhost_and_the_names_under_it(string host, bool expected)
    {
        Assert.Equal(expected, WebhookTargetRule.IsLocalhostName(host));
    }

    [Fact]
    public void An_allow_list_opens_exactly_the_hosts_and_ranges_it_names()
    {
        var rule = WebhookTargetRule.Create(["hooks.internal.example", "*.corp.example", "10.20.0.0/16", "127.0.0.1", "fd00:1::/32", "[::1]"]);

        Assert.True(rule.AllowsName("hooks.internal.example"));
        Assert.True(rule.AllowsName("HOOKS.Internal.Example."));
        Assert.True(rule.AllowsName("crm.corp.example"));
        Assert.True(rule.AllowsName("a.b.corp.example"));
        Assert.False(rule.AllowsName("corp.example"));
        Assert.False(rule.AllowsName("evilcorp.example"));
        Assert.False(rule.AllowsName("other.internal.example"));
        Assert.False(rule.AllowsName("hooks.internal.example.attacker.test"));

        Assert.Null(rule.Refusal(IPAddress.Parse("10.20.3.4")));
        Assert.Null(rule.Refusal(IPAddress.Parse("::ffff:10.20.3.4")));
        Assert.Null(rule.Refusal(IPAddress.Parse("127.0.0.1")));
        Assert.Null(rule.Refusal(IPAddress.Parse("fd00:1:2::3")));
        Assert.Null(rule.Refusal(IPAddress.Parse("::1")));
        Assert.Contains("private", rule.Refusal(IPAddress.Parse("10.21.0.1")));
        Assert.Contains("loopback", rule.Refusal(IPAddress.Parse("127.0.0.2")));
        Assert.Contains("link-local", rule.Refusal(IPAddress.Parse("169.254.169.254")));
        Assert.Contains("private", rule.Refusal(IPAddress.Parse("fd00:2::1")));
        Assert.Null(rule.Refusal(IPAddress.Parse("93.184.215.14")));
    }

    [Fact]
    public void Without_an_allow_list_no_name_is_trusted()
    {
        Assert.False(WebhookTargetRule.PublicOnly.AllowsName("localhost"));
        Assert.Contains("loopback", WebhookTargetRule.PublicOnly.Refusal(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("10.20.0.1/16")]
    [InlineData("10.0.0.0/33")]
    [InlineData("hooks.example.com:8080")]
    [InlineData("https://hooks.example.com")]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("")]
    [InlineData("under_score!.example")]
    public void Create_refuses_an_entry_it_does_not_understand_and_names_it(string entry)
    {
        var error = Assert.Throws<FormatException>(() => WebhookTargetRule.Create(["127.0.0.1", entry]));
        Assert.Contains($"'{entry}'", error.Message);
        Assert.Contains(WebhookTargetRule.AllowListSetting, error.Message);
    }
}
