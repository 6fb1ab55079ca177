using Npgsql;

namespace Everruns.AppHost.Health;

/// <summary>Healthy when a connection to the database opens.</summary>
internal sealed class PostgresHealthProbe(Func<string?> connectionString) : IHealthProbe
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        if (connectionString() is not { } known)
        {
            return false;
        }

        // Unpooled, so that the probe leaves no idle session behind.
        var unpooled = new NpgsqlConnectionStringBuilder(known) { Pooling = false, Timeout = 5 }.ConnectionString;
        try
        {
            await using var connection = new NpgsqlConnection(unpooled);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
