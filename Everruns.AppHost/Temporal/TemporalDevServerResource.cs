using System.Globalization;
using Everruns.AppHost.Health;
using Everruns.AppHost.Hosting;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Temporal;

/// <summary><c>temporal server start-dev</c> on 127.0.0.1, its database kept in the data folder between runs.</summary>
internal sealed class TemporalDevServerResource : ExecutableResource
{
    private readonly string _dataDirectory;

    public TemporalDevServerResource(string name, string cliPath, string dataDirectory, int port, int uiPort)
        : base(name, new ProcessCommand(
            cliPath,
            [
                "server", "start-dev",
                "--db-filename", Path.Combine(dataDirectory, "temporal.db"),
                "--ip", "127.0.0.1",
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--ui-port", uiPort.ToString(CultureInfo.InvariantCulture),
            ]))
    {
        _dataDirectory = dataDirectory;
        Address = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        WithPort(port, "--temporal-port");
        WithPort(uiPort, "--temporal-ui-port");
        WithEndpoint(Address);
        WithHealthCheck(new TcpHealthProbe("127.0.0.1", port));
        WithUrl("Temporal UI", string.Create(CultureInfo.InvariantCulture, $"http://localhost:{uiPort}"));
    }

    /// <summary>The gRPC address clients are given as TEMPORAL_ADDRESS.</summary>
    public string Address { get; }

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_dataDirectory);
        return Task.CompletedTask;
    }
}
