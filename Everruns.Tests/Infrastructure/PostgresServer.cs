using Everruns.Hosting.Postgres;
using Npgsql;

namespace Everruns.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL 18 server for the whole test run: the embedded one (the same launcher the AppHost uses), or
/// the server of <c>EVERRUNS_TEST_POSTGRES</c> when that connection string is set. Tests get databases of their own.
/// Started by <see cref="ApiFixture"/>, the one assembly fixture.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private EmbeddedPostgres? embedded;
    private string adminConnectionString = "";

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("EVERRUNS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            adminConnectionString = external;
            return;
        }

        embedded = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = EverrunsPaths.Data(DataFolderName), DatabaseName = "postgres" },
            log: null,
            TestContext.Current.CancellationToken);
        adminConnectionString = embedded.ConnectionString;
    }

    /// <summary>One data folder per checkout, so that test runs of two checkouts do not wait on each other.</summary>
    private static string DataFolderName =>
        "postgres-tests-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Repository.Root)))[..12];

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (embedded is not null)
        {
            await embedded.DisposeAsync();
        }
    }
}
