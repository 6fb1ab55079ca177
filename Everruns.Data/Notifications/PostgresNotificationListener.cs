using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Everruns.Data.Notifications;

/// <summary>
/// The one LISTEN connection of this process. Handlers subscribe by channel; a lost connection is reopened,
/// and handlers are told (with <see cref="Reconnected"/>) so they can catch up on what they may have missed.
/// The connection also holds the session locks that must go when the process dies (see <see cref="HoldLockAsync"/>).
/// </summary>
public sealed class PostgresNotificationListener(NpgsqlDataSource dataSource, ILogger<PostgresNotificationListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, ImmutableHandlers> handlers = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> locks = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CancellationTokenSource wakeUp = new();
    private int locksAskedFor;

    public event Action? Reconnected;

    /// <summary>Completes once LISTEN is active, so that nothing sent afterwards is missed.</summary>
    public Task Listening => listening.Task;

    public void Subscribe(string channel, Action<string> handler) =>
        handlers.AddOrUpdate(channel, _ => new ImmutableHandlers([handler]), (_, existing) => new ImmutableHandlers([.. existing.List, handler]));

    /// <summary>
    /// Holds the session-level advisory lock <see cref="LivenessLock.KeyOf"/> <paramref name="name"/> for as long as
    /// this process lives: on this connection, taken again whenever the connection is reopened. The lock goes when
    /// the process dies, within moments, so other processes can tell a dead holder from a slow one. Completes once
    /// the lock is first held.
    /// </summary>
    public Task HoldLockAsync(string name)
    {
        var held = locks.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Exchange(ref locksAskedFor, 1);
        wakeUp.Cancel();
        return held.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstReconnectDelay;
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await using var unlisten = UnlistenOnReturn(connection);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                foreach (var channel in NotificationChannels.All)
                {
                    await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // The server notices a client host that vanished (not only a process that exited) within half a minute.
                await using (var keepAlive = new NpgsqlCommand(
                    "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3", connection))
                {
                    await keepAlive.ExecuteNonQueryAsync(stoppingToken);
                }

                await TakeLocksAsync(connection, stoppingToken);
                listening.TrySetResult();
                if (!first)
                {
                    logger.LogInformation("Notification listener reconnected");
                    Reconnected?.Invoke();
                }

                first = false;
                delay = FirstReconnectDelay;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A quiet connection is probed now and then, so that a silently dropped one is noticed; a lock
                    // asked for meanwhile (or held by an earlier session of this process that has not gone yet) is
                    // taken then.
                    if (!await WaitAsync(connection, stoppingToken))
                    {
                        await TakeLocksAsync(connection, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (delay == FirstReconnectDelay)
                {
                    logger.LogWarning(e, "Notification listener lost its connection; reconnecting");
                }

                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, MaxReconnectDelay.TotalMilliseconds));
            }
        }
    }

    /// <summary>Waits for notifications; false after a quiet interval, or when a lock was asked for.</summary>
    private async Task<bool> WaitAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        if (wakeUp.IsCancellationRequested)
        {
            wakeUp = new CancellationTokenSource();
        }

        // Checked after the token is fresh: a lock asked for from now on cancels the wait.
        if (Interlocked.Exchange(ref locksAskedFor, 0) == 1)
        {
            return false;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, wakeUp.Token);
        try
        {
            return await connection.WaitAsync(ProbeInterval, wait.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Takes the locks this process holds that this session does not hold yet (it probes the connection too).</summary>
    private async Task TakeLocksAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        var names = locks.Keys.ToArray();
        await using var take = new NpgsqlCommand(
            $"SELECT name FROM unnest($1::text[]) AS name WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, LivenessLock.TryTakeSql, "name")}",
            connection)
        {
            Parameters = { new() { Value = names } },
        };
        await using var reader = await take.ExecuteReaderAsync(stoppingToken);
        while (await reader.ReadAsync(stoppingToken))
        {
            locks[reader.GetString(0)].TrySetResult();
        }
    }

    /// <summary>Pooled connections are not reset when returned (see DatabaseExtensions): stop listening and let go of the locks first.</summary>
    private static AsyncDisposable UnlistenOnReturn(NpgsqlConnection connection) => new(async () =>
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                await using var unlisten = new NpgsqlCommand("UNLISTEN *; SELECT pg_advisory_unlock_all()", connection);
                await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // A broken connection leaves the pool anyway.
            }
        }
    });

    private sealed class AsyncDisposable(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }

    private void Dispatch(string channel, string payload)
    {
        if (!handlers.TryGetValue(channel, out var subscribed))
        {
            return;
        }

        foreach (var handler in subscribed.List)
        {
            try
            {
                handler(payload);
            }
            catch (Exception e)
            {
                logger.LogError(e, "A handler of {Channel} failed", channel);
            }
        }
    }

    private sealed record ImmutableHandlers(Action<string>[] List);
}
