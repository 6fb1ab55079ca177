namespace Everruns.AppHost.Hosting;

/// <summary>What the resource's health probe last answered.</summary>
internal enum HealthStatus
{
    Unknown,
    Healthy,
    Unhealthy,
}
