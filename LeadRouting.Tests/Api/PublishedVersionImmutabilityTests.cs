using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// A published version never changes (issue 13 §5): not by a draft save racing the publish, not by a discard racing
/// it, and not by any statement at all — the database refuses it.
/// </summary>
[Slow(SlowBecause.Volume)]
public sealed class PublishedVersionImmutabilityTests : IDisposable
{
    private const int Rounds = 100;

    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>The published document with one rep's capacity set, so every round's drafts differ from each other.</summary>
    private static JsonNode WithCapacity(JsonNode document, int capacity)
    {
        var copy = document.DeepClone();
        copy["organisation"]!["reps"]![0]!["capacity"] = capacity;
        return copy;
    }

    private async Task<Dictionary<int, string>> PublishedDocumentsAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.Kind == ConfigurationVersionKind.Published)
            .ToDictionaryAsync(v => v.Id, v => v.Json);
    }

    [Fact]
    public async Task A_draft_saved_while_the_draft_is_published_never_changes_the_published_version()
    {
        var admin = _factory.CreateApiClient(ApiScopes.Admin);
        var document = (await admin.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!;
        var publishedAnswers = new Dictionary<int, string>();
        var statuses = new List<HttpStatusCode>();

        for (var round = 0; round < Rounds; round++)
        {
            var validated = WithCapacity(document, 100 + round);
            var racing = WithCapacity(document, 5_000 + round);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/config/draft", Json(validated))).StatusCode);

            // The save and the publish start together; either may reach the database first.
            var putting = admin.PutAsync("/api/config/draft", Json(racing));
            var publishing = admin.PostAsync("/api/config/publish", null);
            var (put, publish) = (await putting, await publishing);
            statuses.Add(put.StatusCode);
            statuses.Add(publish.StatusCode);

            if (publish.StatusCode == HttpStatusCode.Created)
            {
                var answer = (await publish.Content.ReadFromJsonAsync<JsonObject>())!;
                var capacity = (int)answer["configuration"]!["organisation"]!["reps"]![0]!["capacity"]!;
                // What was published is a whole document some client sent, not a mix.
                Assert.True(capacity == 100 + round || capacity == 5_000 + round, $"round {round}: published capacity {capacity}");
                publishedAnswers[(int)answer["version"]!] = answer["configuration"]!.ToJsonString();
            }

            // Leave no draft behind for the next round, so each round starts alike.
            await _factory.Services.GetRequiredService<ConfigurationDrafts>()
                .DiscardAsync(new ConfigurationEditor("test", MayEdit: true), CancellationToken.None);
        }

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.NotEmpty(publishedAnswers);

        // Every version still holds exactly what its publish answered, and the live engine routes with the newest one.
        var stored = await PublishedDocumentsAsync();
        foreach (var (version, json) in publishedAnswers)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(stored[version])), $"version {version} changed after it was published");
        }

        var newest = stored.Keys.Max();
        var live = await _factory.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None);
        Assert.Equal(newest, live.Version);
        Assert.Equal(
            ConfigurationLoader.Parse(stored[newest]).Organisation.Reps[0].Capacity,
            live.Engine.Configuration.Organisation.Reps[0].Capacity);
    }

    [Fact]
    public async Task A_discard_racing_a_publish_never_deletes_the_version_it_published()
    {
        var drafts = _factory.Services.GetRequiredService<ConfigurationDrafts>();
        var ops = new ConfigurationEditor("ops", MayEdit: true);
        var admin = _factory.CreateApiClient(ApiScopes.Admin);
        var document = (await admin.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!;

        for (var round = 0; round < Rounds; round++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/config/draft", Json(WithCapacity(document, 200 + round)))).StatusCode);
            var discarding = drafts.DiscardAsync(ops, CancellationToken.None);
            var publishing = drafts.PublishAsync(ops, CancellationToken.None);
            var (discard, publish) = (await discarding, await publishing);

            // Exactly one of the two took the draft.
            Assert.True(discard.Succeeded ^ publish.Result.Succeeded, $"round {round}: discard {discard.Outcome}, publish {publish.Result.Outcome}");
            if (publish.Version is { } version)
            {
                var stored = await PublishedDocumentsAsync();
                Assert.True(stored.ContainsKey(version.Id), $"round {round}: version {version.Id} was published and then deleted");
                Assert.Equal(200 + round, ConfigurationLoader.Parse(stored[version.Id]).Organisation.Reps[0].Capacity);
            }
        }
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_a_published_version()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_factory.DataDirectory, "leadrouting.db")}");
        _ = _factory.Services; // the app has created and migrated the database
        await connection.OpenAsync();

        var update = connection.CreateCommand();
        update.CommandText = "UPDATE \"ConfigurationVersions\" SET \"Json\" = '{}' WHERE \"Kind\" = 'Published'";
        Assert.Contains("never changes", Assert.Throws<SqliteException>(() => update.ExecuteNonQuery()).Message, StringComparison.Ordinal);

        var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM \"ConfigurationVersions\" WHERE \"Kind\" = 'Published'";
        Assert.Contains("never deleted", Assert.Throws<SqliteException>(() => delete.ExecuteNonQuery()).Message, StringComparison.Ordinal);

        var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM \"ConfigurationVersions\" WHERE \"Kind\" = 'Published' AND \"Json\" <> '{}'";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task There_is_never_more_than_one_draft()
    {
        _ = _factory.Services;
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        db.ConfigurationVersions.Add(new ConfigurationVersionEntity { Kind = ConfigurationVersionKind.Draft, Json = "{}", Author = "a" });
        db.ConfigurationVersions.Add(new ConfigurationVersionEntity { Kind = ConfigurationVersionKind.Draft, Json = "{}", Author = "b" });
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(LeadRoutingStorage.IsUniqueViolation(refused));
    }
}
