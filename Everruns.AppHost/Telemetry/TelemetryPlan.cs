namespace Everruns.AppHost.Telemetry;

/// <summary>Where the services send their telemetry, and the one line that tells the person.</summary>
/// <param name="OtlpEndpoint">Given to every service as OTEL_EXPORTER_OTLP_ENDPOINT; null when there is nowhere to send it.</param>
/// <param name="Dashboard">The dashboard container to run, if any.</param>
/// <param name="Line">Printed once at start.</param>
/// <param name="Summary">Shown beside "Telemetry" once everything runs.</param>
internal sealed record TelemetryPlan(string? OtlpEndpoint, DashboardContainerResource? Dashboard, string Line, string Summary)
{
    public static TelemetryPlan Configured(string endpoint) =>
        new(endpoint, null, $"Telemetry: the services export OTLP to {endpoint} (OTEL_EXPORTER_OTLP_ENDPOINT).", $"OTLP to {endpoint}");

    public static TelemetryPlan WithDashboard(ContainerEngine engine) =>
        new(
            DashboardContainerResource.OtlpEndpoint,
            new DashboardContainerResource(engine),
            $"Telemetry: starting the Aspire dashboard container ({engine.Command}) at http://localhost:{DashboardContainerResource.UiPort}; "
            + $"the services export OTLP to {DashboardContainerResource.OtlpEndpoint}.",
            $"Aspire dashboard at http://localhost:{DashboardContainerResource.UiPort}");

    public static TelemetryPlan None(string engine) =>
        new(
            null,
            null,
            $"No telemetry dashboard is running: no container engine answered (`{engine} info`). Start Docker (or Podman, with "
            + "ASPIRE_CONTAINER_RUNTIME=podman) to get the Aspire dashboard, or pass --otlp-endpoint <url> to export to your own OTLP collector.",
            "none (no dashboard, no --otlp-endpoint)");

    public static TelemetryPlan Disabled() =>
        new(
            null,
            null,
            "No telemetry dashboard is running (--no-dashboard); pass --otlp-endpoint <url> to export to your own OTLP collector.",
            "none (--no-dashboard)");
}
