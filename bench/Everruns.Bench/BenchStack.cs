using System.Diagnostics;
using System.Globalization;
using Everruns.Hosting.Postgres;
using Everruns.Hosting.Processes;
using Npgsql;

namespace Everruns.Bench;

/// <summary>A fresh database on the embedded PostgreSQL (or the given server) and the API as a child process.</summary>
public sealed class BenchStack : IAsyncDisposable
{
    private readonly EmbeddedPostgres? postgres;
    private readonly Process api;
    private readonly string server;

    private BenchStack(EmbeddedPostgres? postgres, string server, Process api, string connectionString, Uri address)
    {
        this.postgres = postgres;
        this.server = server;
        this.api = api;
        ConnectionString = connectionString;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public HttpClient Client { get; }

    public string ConnectionString { get; }

    public static async Task<BenchStack> StartAsync(BenchOptions options)
    {
        EmbeddedPostgres? postgres = null;
        var server = options.ConnectionString;
        if (server is null)
        {
            postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = EverrunsPaths.Data("postgres-bench"), DatabaseName = "postgres" });
            server = postgres.ConnectionString;
        }

        var database = $"everruns_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        // The API sizes its own pool, as it does when deployed.
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var port = FreePort.Find();
        var start = new ProcessStartInfo(ApiBuild.DotNetHost, [ApiBuild.AssemblyPath]) { UseShellExecute = false };
        start.Environment["ConnectionStrings__everruns"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Models__Simulator__Enabled"] = "true";
        start.Environment["Models__Simulator__TokensPerSecond"] = options.TokensPerSecond.ToString(CultureInfo.InvariantCulture);
        var api = Process.Start(start)!;
        var stack = new BenchStack(postgres, server, api, connectionString, new Uri($"http://127.0.0.1:{port}"));
        await stack.WaitUntilHealthyAsync();
        return stack;
    }

    /// <summary>The API process's resident memory, in MiB.</summary>
    public double ApiMemoryMiB()
    {
        api.Refresh();
        return api.WorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>CPU time the API process has used so far.</summary>
    public TimeSpan ApiCpuTime()
    {
        api.Refresh();
        return api.TotalProcessorTime;
    }

    /// <summary>
    /// Transaction ids are assigned only to transactions that write, so the difference between two readings is
    /// the number of write transactions in between (plus one for the reading itself).
    /// </summary>
    public async Task<long> WriteTransactionCounterAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        api.Kill();
        await api.WaitForExitAsync();
        await DropDatabaseAsync();
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }

    /// <summary>Each benchmark fills a database of its own with a few hundred megabytes; it does not keep it.</summary>
    private async Task DropDatabaseAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task WaitUntilHealthyAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await Client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The API did not become healthy.");
    }
}
