using Everruns.AppHost.Hosting;

namespace Everruns.AppHost.Telemetry;

internal static class TelemetryChoice
{
    /// <summary>A configured endpoint first, else the dashboard container when an engine answers, else nothing.</summary>
    public static async Task<TelemetryPlan> ChooseAsync(AppHostSettings settings, ContainerEngine engine, CancellationToken cancellationToken)
    {
        if (settings.OtlpEndpoint is { } endpoint)
        {
            return TelemetryPlan.Configured(endpoint);
        }

        if (!settings.DashboardEnabled)
        {
            return TelemetryPlan.Disabled();
        }

        return await engine.IsAvailableAsync(cancellationToken)
            ? TelemetryPlan.WithDashboard(engine)
            : TelemetryPlan.None(engine.Command);
    }
}
