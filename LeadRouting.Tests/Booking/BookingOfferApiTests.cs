using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Booking;

/// <summary>Issue 20: <c>POST /api/leads</c> and <c>GET /api/leads/{id}</c> offer a booking link for a bookable, owned lead, and no field otherwise.</summary>
public sealed class BookingOfferApiTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private static JsonObject Lead(string email, string source = "DemoRequest") => new()
    {
        ["email"] = email,
        ["firstName"] = "Jana",
        ["lastName"] = "Richter",
        ["company"] = "Brightlabs",
        ["employees"] = 350,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = source,
    };

    private async Task<JsonObject> PostAsync(JsonObject lead)
    {
        using var response = await factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read).PostAsJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task A_bookable_lead_with_an_owner_is_offered_a_link_to_its_booking_page_that_expires_in_seven_days()
    {
        var created = await PostAsync(Lead("jana.booking@brightlabs.de"));
        Assert.Equal("AeImmediate", (string)created["lead"]!["action"]!);
        var id = (string)created["lead"]!["id"]!;

        var booking = created["booking"]!;
        var url = new Uri((string)booking["url"]!);
        Assert.Equal("http://localhost:5080", url.GetLeftPart(UriPartial.Authority));
        Assert.StartsWith("/book/", url.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(LeadRoutingApiFactory.Now.AddDays(7), (DateTimeOffset)booking["expiresAt"]!);

        var token = Uri.UnescapeDataString(url.AbsolutePath["/book/".Length..]);
        var tokens = factory.Services.GetRequiredService<BookingTokens>();
        Assert.Equal((BookingTokenStatus.Valid, new BookingTokenClaims(id, LeadRoutingApiFactory.Now.AddDays(7))), tokens.Validate(token));

        // Read back: an offer of the same lead with the same expiry.
        var read = (await factory.CreateApiClient(ApiScopes.Read).GetFromJsonAsync<JsonObject>($"/api/leads/{id}"))!;
        Assert.Equal((DateTimeOffset)booking["expiresAt"]!, (DateTimeOffset)read["booking"]!["expiresAt"]!);
        var readToken = new Uri((string)read["booking"]!["url"]!).AbsolutePath["/book/".Length..];
        Assert.Equal(id, tokens.Read(Uri.UnescapeDataString(readToken))!.LeadId);
    }

    [Fact]
    public async Task A_lead_whose_treatment_is_not_bookable_has_no_booking_field()
    {
        var created = await PostAsync(Lead("nina.newsletter@brightlabs.de", source: "NewsletterSignup"));
        Assert.StartsWith("Nurture", (string)created["lead"]!["action"]!, StringComparison.Ordinal);
        Assert.False(created.ContainsKey("booking"));

        var read = (await factory.CreateApiClient(ApiScopes.Read).GetFromJsonAsync<JsonObject>($"/api/leads/{(string)created["lead"]!["id"]!}"))!;
        Assert.False(read.ContainsKey("booking"));
    }

    [Fact]
    public async Task An_expired_offer_is_no_offer()
    {
        var offers = factory.Services.GetRequiredService<BookingOffers>();
        LeadEntity Lead(DateTimeOffset createdAt) => new() { Id = "ld_old", Email = "x@example.com", Action = TreatmentAction.AeImmediate, OwnerId = "dach-mid-1", CreatedAt = createdAt };

        Assert.Equal(LeadRoutingApiFactory.Now.AddSeconds(1), (await offers.ForAsync(Lead(LeadRoutingApiFactory.Now.AddDays(-7).AddSeconds(1)), CancellationToken.None))!.ExpiresAt);
        Assert.Null(await offers.ForAsync(Lead(LeadRoutingApiFactory.Now.AddDays(-7)), CancellationToken.None));
    }

    [Fact]
    public async Task The_offer_needs_an_owner_and_a_bookable_treatment()
    {
        var offers = factory.Services.GetRequiredService<BookingOffers>();
        LeadEntity Lead(TreatmentAction action, string? owner) => new() { Id = "ld_x", Email = "x@example.com", Action = action, OwnerId = owner, CreatedAt = LeadRoutingApiFactory.Now };

        Assert.NotNull(await offers.ForAsync(Lead(TreatmentAction.AeImmediate, "dach-mid-1"), CancellationToken.None));
        Assert.NotNull(await offers.ForAsync(Lead(TreatmentAction.SdrFastTrack, "dach-sdr-1"), CancellationToken.None));
        Assert.Null(await offers.ForAsync(Lead(TreatmentAction.AeImmediate, null), CancellationToken.None));
        Assert.Null(await offers.ForAsync(Lead(TreatmentAction.SdrQualify, "dach-sdr-1"), CancellationToken.None));
        Assert.Null(await offers.ForAsync(Lead(TreatmentAction.Nurture, "dach-mid-1"), CancellationToken.None));
    }
}
