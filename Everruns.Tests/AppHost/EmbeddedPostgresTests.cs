using System.Collections.Concurrent;
using Everruns.Hosting.Postgres;
using Npgsql;
using Xunit;

namespace Everruns.Tests.AppHost;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _root = Path.Combine(EverrunsPaths.Home, "tmp", $"embedded-postgres-test-{Guid.NewGuid():N}");

    private EmbeddedPostgresOptions Options => new() { DataDirectory = Path.Combine(_root, "data") };

    [Fact(Timeout = 300_000)]
    public async Task Runs_PostgreSQL_18_and_reuses_its_data_directory()
    {
        var ct = TestContext.Current.CancellationToken;
        var firstLog = new ConcurrentQueue<string>();
        var first = await EmbeddedPostgres.StartAsync(Options, firstLog.Enqueue, ct);
        int firstPid;
        try
        {
            firstPid = first.ProcessId;
            Assert.StartsWith("18", await ScalarAsync(first.ConnectionString, "SHOW server_version", ct));
            Assert.Equal("everruns", await ScalarAsync(first.ConnectionString, "SELECT current_database()", ct));

            await first.CreateDatabaseAsync("scratch", ct);
            await first.CreateDatabaseAsync("scratch", ct);
            await ExecuteAsync(first.ConnectionStringFor("scratch"), "CREATE TABLE kept (id int)", ct);
            await first.DropDatabaseAsync("other", ct);
            Assert.Equal("1", await ScalarAsync(first.ConnectionString, "SELECT count(*) FROM pg_database WHERE datname = 'scratch'", ct));
        }
        finally
        {
            await first.StopAsync();
        }

        Assert.Contains(firstLog, line => line.StartsWith("Initialising a new PostgreSQL data directory", StringComparison.Ordinal));
        Assert.False(IsRunning(firstPid), $"postgres (pid {firstPid}) is still running after StopAsync");

        var secondLog = new ConcurrentQueue<string>();
        await using (var second = await EmbeddedPostgres.StartAsync(Options, secondLog.Enqueue, ct))
        {
            Assert.NotEqual(firstPid, second.ProcessId);
            Assert.Equal("kept", await ScalarAsync(second.ConnectionStringFor("scratch"), "SELECT tablename FROM pg_tables WHERE tablename = 'kept'", ct));

            await second.DropDatabaseAsync("scratch", ct);
            Assert.Equal("0", await ScalarAsync(second.ConnectionString, "SELECT count(*) FROM pg_database WHERE datname = 'scratch'", ct));
        }

        Assert.DoesNotContain(secondLog, line => line.StartsWith("Initialising", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync(ct))?.ToString();
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
