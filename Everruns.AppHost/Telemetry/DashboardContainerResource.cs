using Everruns.AppHost.Hosting;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Telemetry;

/// <summary>
/// The standalone Aspire dashboard container, unsecured because it listens on 127.0.0.1 only: OTLP/gRPC on 4317, its
/// web UI on 18888. Run in the foreground, so that stopping the engine's client stops the container (signals are
/// proxied) and <c>--rm</c> removes it.
/// </summary>
internal sealed class DashboardContainerResource : ExecutableResource
{
    public const string Image = "mcr.microsoft.com/dotnet/aspire-dashboard:latest";
    public const string ContainerName = "everruns-dashboard";
    public const int UiPort = 18888;
    public const int OtlpPort = 4317;
    public const string OtlpEndpoint = "http://localhost:4317";

    private const string NoDashboard = "start with --no-dashboard, or give your own collector with --otlp-endpoint <url>";

    private readonly ContainerEngine _engine;

    public DashboardContainerResource(ContainerEngine engine)
        : base("dashboard", new ProcessCommand(
            engine.Command,
            [
                "run", "--rm", "--name", ContainerName,
                "-p", $"127.0.0.1:{UiPort}:18888",
                "-p", $"127.0.0.1:{OtlpPort}:18889",
                "-e", "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
                "-e", "DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
                Image,
            ]))
    {
        _engine = engine;
        WithEndpoint($"http://localhost:{UiPort}");
        WithFixedPort(UiPort, NoDashboard);
        WithFixedPort(OtlpPort, NoDashboard);
        WithHttpHealthCheck("/");

        // The first start pulls the image.
        WithHealthTimeout(TimeSpan.FromMinutes(10));
        WithUrl("Dashboard");
    }

    /// <summary>Removes a container left by an AppHost that was killed before it could stop it.</summary>
    public override Task PrepareAsync(CancellationToken cancellationToken) =>
        CommandRunner.RunAsync(new ProcessCommand(_engine.Command, ["rm", "-f", ContainerName]), _ => { }, cancellationToken, throwOnFailure: false);
}
