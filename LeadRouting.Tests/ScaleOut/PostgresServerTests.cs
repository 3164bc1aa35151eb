using Npgsql;

namespace LeadRouting.Tests.ScaleOut;

/// <summary>The test PostgreSQL server itself: the scale-out tests rely on it starting, keeping data and restarting.</summary>
[Slow(SlowBecause.PostgreSql)]
public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_row_written_before_a_restart_is_read_back_after_it()
    {
        using var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync("server_check");

        await using (var before = NpgsqlDataSource.Create(connectionString))
        {
            await using var create = before.CreateCommand("CREATE TABLE lead (id text PRIMARY KEY, email text NOT NULL)");
            await create.ExecuteNonQueryAsync();
            await using var insert = before.CreateCommand("INSERT INTO lead VALUES ('ld_1', 'jana@brightlabs.de')");
            await insert.ExecuteNonQueryAsync();
            Assert.Equal("jana@brightlabs.de", await ReadEmailAsync(before));
        }

        var port = server.Port;
        await server.RestartAsync();

        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);
        await using var after = NpgsqlDataSource.Create(connectionString);
        Assert.Equal("jana@brightlabs.de", await ReadEmailAsync(after));
    }

    [Fact]
    public async Task Dispose_stops_the_server_and_deletes_its_folder()
    {
        var server = await PostgresServer.StartAsync();
        var dataDirectory = server.DataDirectory;
        Assert.True(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")));

        server.Dispose();

        Assert.False(server.IsRunning);
        Assert.False(Directory.Exists(dataDirectory));
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres") + "Pooling=false;Timeout=2;");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
    }

    private static async Task<string?> ReadEmailAsync(NpgsqlDataSource dataSource)
    {
        await using var select = dataSource.CreateCommand("SELECT email FROM lead WHERE id = 'ld_1'");
        return (string?)await select.ExecuteScalarAsync();
    }
}
