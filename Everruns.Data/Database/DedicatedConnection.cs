using Npgsql;

namespace Everruns.Data.Database;

/// <summary>
/// One connection kept open for a loop that runs the same statements all the time (the event writer). Pooled
/// connections rotate, so each would parse and plan those statements again and warm its own caches; this one
/// prepares them once, and plans them once too (a generic plan: the statements' plans do not depend on their
/// values). After an error it is dropped, and the next use opens a new one.
/// </summary>
public sealed class DedicatedConnection(NpgsqlDataSource dataSource)
{
    private NpgsqlConnection? connection;

    public async Task<NpgsqlConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (connection is { State: System.Data.ConnectionState.Open })
        {
            return connection;
        }

        await DropAsync();
        var opened = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var plan = new NpgsqlCommand("SET plan_cache_mode = force_generic_plan", opened))
        {
            await plan.ExecuteNonQueryAsync(cancellationToken);
        }

        connection = opened;
        return opened;
    }

    /// <summary>Gives the connection back to the pool as the others are (or lets the pool discard it when broken).</summary>
    public async Task DropAsync()
    {
        if (connection is null)
        {
            return;
        }

        var dropped = connection;
        connection = null;
        try
        {
            if (dropped.State == System.Data.ConnectionState.Open)
            {
                await using var reset = new NpgsqlCommand("RESET plan_cache_mode", dropped);
                await reset.ExecuteNonQueryAsync();
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // A broken connection is not reused by the pool.
        }

        await dropped.DisposeAsync();
    }
}
