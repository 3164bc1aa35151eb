using LeadRouting.Web.Booking;
using LeadRouting.Web.Leads;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace LeadRouting.Tests.Booking;

/// <summary>Issue 20: the booking link's token is bound to its lead, expires by the app's clock, and refuses anything not made for booking by this app.</summary>
public sealed class BookingTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly EphemeralDataProtectionProvider _keys = new();

    private BookingTokens Tokens(IDataProtectionProvider? keys = null) =>
        new(keys ?? _keys, _time);

    private static BookingTokenClaims Claims(string leadId = "ld_booking1") => new(leadId, Now.AddDays(7));

    [Fact]
    public void A_token_reads_back_as_its_lead_and_expiry_and_is_valid_until_then()
    {
        var tokens = Tokens();
        var token = tokens.Token(Claims());

        Assert.Equal((BookingTokenStatus.Valid, Claims()), tokens.Validate(token));
        Assert.DoesNotContain("ld_booking1", token, StringComparison.Ordinal);
        Assert.Equal(Now.AddDays(7), BookingTokens.ExpiryFor(Now, LeadRouting.Core.Booking.BookingPolicy.Default));
    }

    [Fact]
    public void Two_tokens_of_one_lead_differ_and_tokens_of_two_leads_read_as_their_own_lead()
    {
        var tokens = Tokens();
        Assert.NotEqual(tokens.Token(Claims()), tokens.Token(Claims()));
        Assert.Equal("ld_other", tokens.Read(tokens.Token(Claims("ld_other")))!.LeadId);
    }

    [Fact]
    public void A_token_expires_by_the_apps_clock_at_its_expiry()
    {
        var tokens = Tokens();
        var token = tokens.Token(Claims());

        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Equal(BookingTokenStatus.Valid, tokens.Validate(token).Status);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((BookingTokenStatus.Expired, Claims()), tokens.Validate(token));
    }

    [Fact]
    public void A_tampered_token_is_refused()
    {
        var tokens = Tokens();
        var token = tokens.Token(Claims());
        var middle = token.Length / 2;
        var tampered = string.Concat(token.AsSpan(0, middle), token[middle] == 'A' ? "B" : "A", token.AsSpan(middle + 1));

        Assert.Equal((BookingTokenStatus.Invalid, (BookingTokenClaims?)null), tokens.Validate(tampered));
    }

    [Fact]
    public void A_truncated_empty_or_oversized_token_is_refused()
    {
        var tokens = Tokens();
        var token = tokens.Token(Claims());

        Assert.Equal(BookingTokenStatus.Invalid, tokens.Validate(token[..^4]).Status);
        Assert.Equal(BookingTokenStatus.Invalid, tokens.Validate(token[..20]).Status);
        Assert.Equal(BookingTokenStatus.Invalid, tokens.Validate("").Status);
        Assert.Equal(BookingTokenStatus.Invalid, tokens.Validate(null).Status);
        Assert.Equal(BookingTokenStatus.Invalid, tokens.Validate(new string('A', BookingTokens.MaxTokenLength + 1)).Status);
    }

    [Fact]
    public void A_token_of_another_key_ring_is_refused()
    {
        var foreign = Tokens(new EphemeralDataProtectionProvider()).Token(Claims());
        Assert.Equal(BookingTokenStatus.Invalid, Tokens().Validate(foreign).Status);
    }

    [Fact]
    public void An_accept_link_token_of_the_same_key_ring_is_not_a_booking_token()
    {
        var acceptToken = new ActionLinks(_keys, _time).Token(new ActionLinkClaims("ld_booking1", "dach-mid-1", Now, Now.AddDays(7)));

        Assert.NotNull(new ActionLinks(_keys, _time).Read(acceptToken));
        Assert.Equal(BookingTokenStatus.Invalid, Tokens().Validate(acceptToken).Status);
    }

    [Fact]
    public void A_token_protected_for_booking_with_a_payload_of_another_shape_is_refused()
    {
        var protector = _keys.CreateProtector(BookingTokens.Purpose);
        Assert.Equal(BookingTokenStatus.Invalid, Tokens().Validate(protector.Protect("""{"L":"","E":5}""")).Status);
        Assert.Equal(BookingTokenStatus.Invalid, Tokens().Validate(protector.Protect("not json")).Status);
    }
}
