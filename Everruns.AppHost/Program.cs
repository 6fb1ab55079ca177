using Everruns.AppHost.Hosting;
using Everruns.AppHost.Postgres;

namespace Everruns.AppHost;

// Named, rather than top-level statements, so that it does not collide with the API's Program in the tests.
internal static class AppHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(AppHostSettings.Usage);
            return 0;
        }

        var output = new ConsoleOutput();
        AppHostSettings settings;
        BuiltProject apiProject;
        try
        {
            settings = AppHostSettings.Load(args);
            apiProject = BuiltProject.Api;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException)
        {
            output.Error(e.Message);
            return 1;
        }

        var telemetry = settings.OtlpEndpoint is { } otlp
            ? $"services export OTLP to {otlp}"
            : "no telemetry dashboard is running (set OTEL_EXPORTER_OTLP_ENDPOINT to export traces, metrics and logs)";
        var app = new Orchestrator(output, telemetry);

        PostgresResource postgres = settings.ExternalDatabase is { } external
            ? new ExternalPostgresResource("postgres", AppHostSettings.DatabaseName, external)
            : new EmbeddedPostgresResource("postgres", AppHostSettings.DatabaseName, EverrunsPaths.Data("postgres"), settings.PostgresPort);
        app.Add(postgres);

        app.Add(new ProjectResource("api", apiProject)
            .WithOtlpExporter(settings.OtlpEndpoint)
            .WithHttpEndpoint(settings.ApiPort)
            .WithHttpHealthCheck("/health")
            .WithUrl("API")
            .WithUrl("OpenAPI", "/openapi/v1.json")
            .WithUrl("Scalar", "/scalar")
            .WithReference(postgres)
            .WaitFor(postgres));

        return await app.RunAsync();
    }
}
