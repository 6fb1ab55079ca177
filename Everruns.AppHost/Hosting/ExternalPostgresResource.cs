using System.Diagnostics;
using Npgsql;

namespace Everruns.AppHost.Hosting;

/// <summary>A PostgreSQL server run by someone else, given with <c>ConnectionStrings:&lt;name&gt;</c>; only checked, never started.</summary>
internal sealed class ExternalPostgresResource(string name, string databaseName, string connectionString)
    : PostgresResource(name, databaseName)
{
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(30);

    public override string? ConnectionString => connectionString;

    public override IEnumerable<(string Label, string Value)> Details =>
    [
        ("PostgreSQL", ConnectionStrings.WithoutSecrets(connectionString)),
        ("Data", "kept by the external server"),
    ];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Endpoint = $"tcp://{builder.Host}:{builder.Port}";
        Log($"Using the external PostgreSQL server at {builder.Host}:{builder.Port} (ConnectionStrings:{ConnectionName}).");

        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (elapsed.Elapsed > ReachTimeout)
                {
                    throw new InvalidOperationException(
                        $"Could not connect to the external PostgreSQL server at {builder.Host}:{builder.Port}: {e.Message}", e);
                }
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    public override Task StopAsync() => Task.CompletedTask;
}
