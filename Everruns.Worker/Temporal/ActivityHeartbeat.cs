using Temporalio.Activities;

namespace Everruns.Worker.Temporal;

/// <summary>
/// Heartbeats an activity at a steady pace while it works. The steps report no progress of their own, and a model
/// may think for a while before its first token, so liveness is told by the clock rather than by the stream.
/// Heartbeats are also how the activity hears that it was cancelled.
/// </summary>
public sealed class ActivityHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private ActivityHeartbeat(ActivityExecutionContext context, TimeSpan interval) => loop = BeatAsync(context, interval, stop.Token);

    public static ActivityHeartbeat Start(ActivityExecutionContext context, TimeSpan interval) => new(context, interval);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private static async Task BeatAsync(ActivityExecutionContext context, TimeSpan interval, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            context.Heartbeat();
            await Task.Delay(interval, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
