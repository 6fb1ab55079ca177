using Everruns.AppHost.Postgres;

namespace Everruns.AppHost.Hosting;

/// <summary>PostgreSQL run by the AppHost itself from the embedded binaries, its data kept between runs.</summary>
internal sealed class EmbeddedPostgresResource(string name, string databaseName, string dataDirectory, int? port)
    : PostgresResource(name, databaseName)
{
    private EmbeddedPostgres? _server;

    public override string? ConnectionString => _server?.ConnectionString;

    public override IEnumerable<(string Label, string Value)> Details =>
    [
        ("PostgreSQL", ConnectionString ?? "(not running)"),
        ("Data", dataDirectory),
    ];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = dataDirectory,
            DatabaseName = ConnectionName,
            Port = port,
        };
        _server = await EmbeddedPostgres.StartAsync(options, Log, cancellationToken);
        ProcessId = _server.ProcessId;
        Endpoint = $"tcp://127.0.0.1:{_server.Port}";
        WatchExit(_server.Exited);
    }

    public override Task StopAsync() => _server?.StopAsync() ?? Task.CompletedTask;
}
