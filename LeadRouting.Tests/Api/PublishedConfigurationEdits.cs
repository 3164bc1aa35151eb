using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace LeadRouting.Tests.Api;

/// <summary>Changes the live configuration the way Ops' tools do: edit the published document, save it as the draft, publish.</summary>
public static class PublishedConfigurationEdits
{
    /// <summary>Publishes the edited document through the admin API (<paramref name="admin"/> has the admin scope); answers the new version.</summary>
    public static async Task<JsonObject> PublishAsync(HttpClient admin, Action<JsonObject> edit)
    {
        var current = (await admin.GetFromJsonAsync<JsonObject>("/api/config"))!;
        var document = current["configuration"]!.AsObject();
        edit(document);
        using var content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
        var draft = await admin.PutAsync("/api/config/draft", content);
        Assert.True(draft.IsSuccessStatusCode, await draft.Content.ReadAsStringAsync());
        var published = await admin.PostAsync("/api/config/publish", null);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        return (await published.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The rep <paramref name="repId"/> of a configuration document.</summary>
    public static JsonObject Rep(JsonObject document, string repId) =>
        document["organisation"]!["reps"]!.AsArray().Single(r => (string?)r!["id"] == repId)!.AsObject();
}
