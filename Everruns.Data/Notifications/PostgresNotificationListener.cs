using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Everruns.Data.Notifications;

/// <summary>
/// The one LISTEN connection of this process. Handlers subscribe by channel; a lost connection is reopened,
/// and handlers are told (with <see cref="Reconnected"/>) so they can catch up on what they may have missed.
/// </summary>
public sealed class PostgresNotificationListener(NpgsqlDataSource dataSource, ILogger<PostgresNotificationListener> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, ImmutableHandlers> handlers = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event Action? Reconnected;

    /// <summary>Completes once LISTEN is active, so that nothing sent afterwards is missed.</summary>
    public Task Listening => listening.Task;

    public void Subscribe(string channel, Action<string> handler) =>
        handlers.AddOrUpdate(channel, _ => new ImmutableHandlers([handler]), (_, existing) => new ImmutableHandlers([.. existing.List, handler]));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
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

                listening.TrySetResult();
                if (!first)
                {
                    logger.LogInformation("Notification listener reconnected");
                    Reconnected?.Invoke();
                }

                first = false;
                delay = TimeSpan.FromMilliseconds(200);
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A quiet connection is probed now and then, so that a silently dropped one is noticed.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
                    {
                        await using var probe = new NpgsqlCommand("SELECT 1", connection);
                        await probe.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Notification listener lost its connection; retrying in {Delay}", delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    /// <summary>Pooled connections are not reset when returned (see DatabaseExtensions): stop listening first.</summary>
    private static AsyncDisposable UnlistenOnReturn(NpgsqlConnection connection) => new(async () =>
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
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
