using System.Diagnostics;
using Everruns.Hosting.Processes;
using Npgsql;

namespace Everruns.Hosting.Postgres;

/// <summary>
/// A PostgreSQL server run from the npm-packaged binaries as a child process on 127.0.0.1, with its data kept
/// in <see cref="EmbeddedPostgresOptions.DataDirectory"/> between runs.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string Superuser = EmbeddedPostgresSetup.Superuser;
    private const string AdminDatabase = "postgres";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    private readonly ChildProcess _server;
    private readonly DataDirectoryLock _lock;
    private readonly string _databaseName;
    private Task? _stopping;

    private EmbeddedPostgres(ChildProcess server, DataDirectoryLock dataLock, int port, string dataDirectory, string databaseName)
    {
        _server = server;
        _lock = dataLock;
        Port = port;
        DataDirectory = dataDirectory;
        _databaseName = databaseName;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    /// <summary>The id of the postgres server process.</summary>
    public int ProcessId => _server.Id;

    /// <summary>Completes with the server's exit code when it exits, whether stopped or not.</summary>
    public Task<int> Exited => _server.Exited;

    public string ConnectionString => ConnectionStringFor(_databaseName);

    public static async Task<EmbeddedPostgres> StartAsync(
        EmbeddedPostgresOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabaseName);
        log ??= _ => { };
        var dataDirectory = EmbeddedPostgresSetup.DataDirectory(options);
        var dataLock = DataDirectoryLock.Acquire(dataDirectory);
        try
        {
            await EmbeddedPostgresSetup.PrepareAsync(options, log, cancellationToken);
            var port = options.Port ?? FreePort.Find();
            var server = ChildProcess.Start(EmbeddedPostgresSetup.ServerCommand(options, port), log, StopSignal.Interrupt);
            var postgres = new EmbeddedPostgres(server, dataLock, port, dataDirectory, options.DatabaseName);
            try
            {
                await postgres.WaitUntilAcceptingConnectionsAsync(cancellationToken);
                await postgres.CreateDatabaseAsync(options.DatabaseName, cancellationToken);
                return postgres;
            }
            catch
            {
                await postgres.StopAsync();
                throw;
            }
        }
        catch
        {
            dataLock.Dispose();
            throw;
        }
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Database = database,
        }.ConnectionString;

    /// <summary>Creates the database unless it exists.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await OpenAdminConnectionAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Created concurrently by someone else.
        }
    }

    /// <summary>Drops the database if it exists, disconnecting its sessions.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await OpenAdminConnectionAsync(ct);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Fast shutdown (SIGINT: open sessions are ended), then waits for the server to exit.</summary>
    public Task StopAsync() => _stopping ??= StopOnceAsync();

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopOnceAsync()
    {
        try
        {
            await _server.StopAsync(ShutdownGrace);
            await _server.DisposeAsync();
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private async Task WaitUntilAcceptingConnectionsAsync(CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL exited with code {await _server.Exited} before accepting connections. Its last log lines:"
                    + Environment.NewLine + _server.FormatLastLines());
            }

            try
            {
                if (PostmasterStatus.IsReady(DataDirectory))
                {
                    await using var connection = await OpenAdminConnectionAsync(cancellationToken);
                    return;
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (elapsed.Elapsed > StartupTimeout)
                {
                    throw new TimeoutException(
                        $"PostgreSQL did not accept connections within {StartupTimeout.TotalSeconds:0} s. Its last log lines:"
                        + Environment.NewLine + _server.FormatLastLines(), e);
                }
            }

            if (elapsed.Elapsed > StartupTimeout)
            {
                throw new TimeoutException(
                    $"PostgreSQL did not say it was ready within {StartupTimeout.TotalSeconds:0} s. Its last log lines:"
                    + Environment.NewLine + _server.FormatLastLines());
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<NpgsqlConnection> OpenAdminConnectionAsync(CancellationToken cancellationToken)
    {
        // Unpooled: administrative connections must not linger and block DROP DATABASE or a fast shutdown.
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionStringFor(AdminDatabase))
        {
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
