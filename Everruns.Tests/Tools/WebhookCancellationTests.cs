using System.Diagnostics;
using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

public sealed class WebhookCancellationTests
{
    [Fact]
    public async Task Cancelling_the_run_stops_a_call_in_flight()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await WebhookReceiver.StartAsync(async (_, context) =>
        {
            arrived.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            await WebhookReceiver.Reply(context, 200, "{}");
        });
        using var invoker = Invoker();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = invoker.InvokeAsync(Webhook(receiver.Url, timeoutSecs: 30), cancel.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var stopwatch = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {stopwatch.ElapsedMilliseconds} ms");
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Cancelling_the_run_stops_the_wait_between_retries()
    {
        var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await WebhookReceiver.StartAsync(async (_, context) =>
        {
            await WebhookReceiver.Reply(context, 503, "{}");
            firstAnswered.TrySetResult();
        });
        using var invoker = Invoker(Private with { RetryBaseDelay = TimeSpan.FromSeconds(30) });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = invoker.InvokeAsync(Webhook(receiver.Url), cancel.Token);
        await firstAnswered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await Task.Delay(200, Ct);
        var stopwatch = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        // Cancelled in the 30-second wait before the first retry: it stops at once, and the retry never happens.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {stopwatch.ElapsedMilliseconds} ms");
        Assert.Single(receiver.Requests);
    }
}
