using System.Diagnostics;
using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

public sealed class ParallelToolCallsTests
{
    [Fact]
    public async Task Calls_made_together_run_at_the_same_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync(async (request, context) =>
        {
            await Task.Delay(300, context.RequestAborted);
            await WebhookReceiver.Reply(context, 200, request.BodyText);
        });
        using var invoker = Invoker();
        await invoker.InvokeAsync(Webhook(receiver.Url, new { warmup = true }), Ct);

        var stopwatch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => invoker.InvokeAsync(Webhook(receiver.Url, new { i }), Ct)));
        stopwatch.Stop();

        Assert.Equal(Enumerable.Range(1, 5).Select(i => $$"""{"i":{{i}}}"""), results.Select(r => r.Content));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1.2), $"5 calls of 300 ms took {stopwatch.ElapsedMilliseconds} ms");
    }
}
