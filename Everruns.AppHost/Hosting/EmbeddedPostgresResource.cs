using Everruns.AppHost.Postgres;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Hosting;

/// <summary>PostgreSQL run by the AppHost itself from the embedded binaries, its data kept between runs.</summary>
internal sealed class EmbeddedPostgresResource(string name, string databaseName, string dataDirectory, int? port)
    : PostgresResource(name, databaseName)
{
    private EmbeddedPostgres? _server;

    // Fixed after the first start, so that a restarted server keeps the connection string its clients were given.
    private int? _port = port;

    public override string? ConnectionString => _server?.ConnectionString;

    public override IEnumerable<(string Label, string Value)> Details =>
    [
        ("PostgreSQL", ConnectionString ?? "(not running)"),
        ("Data", dataDirectory),
    ];

    public override string? Preflight() =>
        _port is { } chosen && _server is null && FreePort.IsInUse(chosen)
            ? $"Port {chosen} for {Name} is already in use. Stop what listens there, or choose another port (--postgres-port <port>)."
            : null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = dataDirectory,
            DatabaseName = ConnectionName,
            Port = _port,
        };
        _server = await EmbeddedPostgres.StartAsync(options, Log, cancellationToken);
        _port = _server.Port;
        ProcessId = _server.ProcessId;
        Endpoint = $"tcp://127.0.0.1:{_server.Port}";
        WatchExit(_server.Exited);
    }

    public override Task StopAsync() => _server?.StopAsync() ?? Task.CompletedTask;
}
