using Everruns.AppHost.Hosting;
using Everruns.AppHost.Node;
using Everruns.AppHost.Output;
using Everruns.AppHost.Postgres;
using Everruns.AppHost.Processes;
using Everruns.AppHost.Telemetry;
using Everruns.AppHost.Temporal;

namespace Everruns.AppHost;

/// <summary>The Everruns resources and how they are wired, in the manner of an Aspire AppHost's Program.cs.</summary>
internal sealed record AppModel(
    AppHostSettings Settings, TelemetryPlan Telemetry, BuiltProject Api, TemporalServer? Temporal, BuiltProject? Worker, string? UiDirectory)
{
    private const string TaskQueue = "everruns-agent-runs";
    private const string Namespace = "default";

    public Orchestrator Build(ConsoleOutput output)
    {
        var app = new Orchestrator(output, Settings.Restart, Telemetry.Summary);
        if (Telemetry.Dashboard is { } dashboard)
        {
            app.Add(dashboard);
        }

        PostgresResource postgres = Settings.ExternalDatabase is { } external
            ? new ExternalPostgresResource("postgres", AppHostSettings.DatabaseName, external)
            : new EmbeddedPostgresResource("postgres", AppHostSettings.DatabaseName, EverrunsPaths.Data("postgres"), Settings.PostgresPort);
        app.Add(postgres);

        var temporalServer = Temporal is TemporalServer.DevServer dev
            ? app.Add(new TemporalDevServerResource("temporal", dev.CliPath, EverrunsPaths.Data("temporal"), Settings.TemporalPort, Settings.TemporalUiPort))
            : null;

        var api = new ProjectResource("api", Api)
            .WithHttpEndpoint(Settings.ApiPort, "--api-port")
            .WithHttpHealthCheck("/health")
            .WithOtlpExporter(Telemetry.OtlpEndpoint)
            .WithReference(postgres)
            .WithEnvironment("AgentRunner__Mode", Settings.Mode.ToString())
            .WithUrl("API")
            .WithUrl("OpenAPI", "/openapi/v1.json")
            .WithUrl("Scalar", "/scalar")
            .WaitFor(postgres);
        WithTemporal(api, temporalServer);
        app.Add(api);

        if (Worker is { } worker)
        {
            var workerResource = new ProjectResource("worker", worker)
                .WithHttpEndpoint(Settings.WorkerPort ?? FreePort.Find(), "--worker-port")
                .WithHttpHealthCheck("/health")
                .WithOtlpExporter(Telemetry.OtlpEndpoint)
                .WithReference(postgres)
                .WithEnvironment("AgentRunner__Mode", nameof(RunnerMode.Temporal))
                .WaitFor(postgres)

                // The API applies the database migrations the worker relies on.
                .WaitFor(api);
            WithTemporal(workerResource, temporalServer);
            app.Add(workerResource);
        }

        if (UiDirectory is { } ui)
        {
            app.Add(new NextAppResource("ui", ui, Settings.UiPort)
                .WithOtlpExporter(Telemetry.OtlpEndpoint)
                .WithReference(api)
                .WithHttpHealthCheck("/")
                .WithUrl("UI")
                .WaitFor(api));
        }

        return app;
    }

    private void WithTemporal(ExecutableResource resource, TemporalDevServerResource? devServer)
    {
        if (Temporal is null)
        {
            return;
        }

        resource.WithEnvironment("TEMPORAL_ADDRESS", devServer?.Address ?? ((TemporalServer.External)Temporal).Address);
        resource.WithEnvironment("TEMPORAL_NAMESPACE", Settings.TemporalNamespace ?? Namespace);
        resource.WithEnvironment("TEMPORAL_TASK_QUEUE", Settings.TemporalTaskQueue ?? TaskQueue);
        if (devServer is not null)
        {
            resource.WaitFor(devServer);
        }
    }
}
