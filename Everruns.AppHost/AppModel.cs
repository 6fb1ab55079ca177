using Everruns.AppHost.Hosting;
using Everruns.AppHost.Output;
using Everruns.AppHost.Postgres;
using Everruns.AppHost.Telemetry;

namespace Everruns.AppHost;

/// <summary>The Everruns resources and how they are wired, in the manner of an Aspire AppHost's Program.cs.</summary>
internal sealed record AppModel(AppHostSettings Settings, TelemetryPlan Telemetry, BuiltProject Api)
{
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
        app.Add(api);

        return app;
    }
}
