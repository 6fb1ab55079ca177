using Aspire.Hosting.ApplicationModel;
using Everruns.Hosting.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Aspire.Hosting;

/// <summary>
/// Healthy once the server says it is ready (in postmaster.pid) and a connection opens. Asking the file first keeps
/// "FATAL: the database system is starting up" out of the server's log.
/// </summary>
internal sealed class EmbeddedPostgresHealthCheck(EmbeddedPostgresServerResource server, string dataDirectory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!PostmasterStatus.IsReady(dataDirectory))
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is starting.");
        }

        try
        {
            var connectionString = await ((IResourceWithConnectionString)server).GetConnectionStringAsync(cancellationToken);
            await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres;Pooling=false;Timeout=5");
            await connection.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not accept connections.", e);
        }
    }
}

/// <summary>Healthy once the database was created and a connection to it opens.</summary>
internal sealed class EmbeddedPostgresDatabaseHealthCheck(EmbeddedPostgresDatabaseResource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!database.Created)
        {
            return HealthCheckResult.Unhealthy($"The database {database.DatabaseName} is not created yet.");
        }

        try
        {
            var connectionString = await database.ConnectionStringExpression.GetValueAsync(cancellationToken);
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=5");
            await connection.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The database {database.DatabaseName} does not accept connections.", e);
        }
    }
}
