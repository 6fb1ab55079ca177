namespace Everruns.AppHost.Health;

/// <summary>Asks a resource whether it is ready to be used, as Aspire's health checks do.</summary>
internal interface IHealthProbe
{
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
