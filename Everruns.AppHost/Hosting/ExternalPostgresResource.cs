using Npgsql;

namespace Everruns.AppHost.Hosting;

/// <summary>A PostgreSQL server run by someone else, given with <c>ConnectionStrings:&lt;name&gt;</c>; only checked, never started.</summary>
internal sealed class ExternalPostgresResource(string name, string databaseName, string connectionString)
    : PostgresResource(name, databaseName)
{
    public override string? ConnectionString => connectionString;

    public override TimeSpan HealthTimeout => TimeSpan.FromSeconds(30);

    public override IEnumerable<(string Label, string Value)> Details =>
    [
        ("PostgreSQL", ConnectionStrings.WithoutSecrets(connectionString)),
        ("Data", "kept by the external server"),
    ];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Endpoint = $"tcp://{builder.Host}:{builder.Port}";
        Log($"Using the external PostgreSQL server at {builder.Host}:{builder.Port} (ConnectionStrings:{ConnectionName}).");
        return Task.CompletedTask;
    }

    public override Task StopAsync() => Task.CompletedTask;
}
