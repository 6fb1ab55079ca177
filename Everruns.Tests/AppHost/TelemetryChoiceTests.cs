using Everruns.AppHost.Hosting;
using Everruns.AppHost.Processes;
using Everruns.AppHost.Telemetry;

namespace Everruns.Tests.AppHost;

public sealed class TelemetryChoiceTests
{
    private static readonly ContainerEngine NoEngine = new("everruns-no-such-container-engine");

    [Fact]
    public async Task Without_an_engine_or_an_endpoint_one_line_says_no_dashboard_runs_and_how_to_get_one()
    {
        var plan = await TelemetryChoice.ChooseAsync(new AppHostSettings(), NoEngine, TestContext.Current.CancellationToken);

        Assert.Null(plan.OtlpEndpoint);
        Assert.Null(plan.Dashboard);
        Assert.DoesNotContain('\n', plan.Line);
        Assert.StartsWith("No telemetry dashboard is running: no container engine answered (`everruns-no-such-container-engine info`).", plan.Line);
        Assert.Contains("Start Docker", plan.Line);
        Assert.Contains("--otlp-endpoint <url>", plan.Line);
    }

    [Fact]
    public async Task A_configured_endpoint_is_used_without_asking_for_an_engine()
    {
        var plan = await TelemetryChoice.ChooseAsync(
            new AppHostSettings { OtlpEndpoint = "http://collector:4317" }, NoEngine, TestContext.Current.CancellationToken);

        Assert.Equal("http://collector:4317", plan.OtlpEndpoint);
        Assert.Null(plan.Dashboard);
        Assert.Equal("Telemetry: the services export OTLP to http://collector:4317 (OTEL_EXPORTER_OTLP_ENDPOINT).", plan.Line);
    }

    [Fact]
    public async Task The_configured_endpoint_reaches_the_services_with_their_names()
    {
        var service = new ExecutableResource("api", new ProcessCommand("/bin/sh", ["-c", "env"]))
            .WithOtlpExporter("http://collector:4317");
        var lines = new List<string>();
        service.Attach(new RecordingObserver(lines));

        await service.StartAsync(TestContext.Current.CancellationToken);
        await service.Exited;

        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", lines);
        Assert.Contains("OTEL_SERVICE_NAME=api", lines);
        Assert.Contains(lines, line => line.StartsWith("OTEL_RESOURCE_ATTRIBUTES=service.instance.id=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_engine_that_is_not_installed_is_not_available() =>
        Assert.False(await NoEngine.IsAvailableAsync(TestContext.Current.CancellationToken));

    private sealed class RecordingObserver(List<string> lines) : IResourceObserver
    {
        public void Log(Resource resource, string line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }

        public void Changed(Resource resource)
        {
        }
    }
}
