using System.Diagnostics;
using Everruns.Worker.Tools;
using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

/// <summary>Failures become error results for the model, never exceptions that would fail the run.</summary>
public sealed class WebhookFailureTests
{
    [Fact]
    public async Task Slow_receiver_times_out_into_an_error_result()
    {
        await using var receiver = await WebhookReceiver.StartAsync(async (_, context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            await WebhookReceiver.Reply(context, 200, "{}");
        });
        using var invoker = Invoker();

        var stopwatch = Stopwatch.StartNew();
        var result = await invoker.InvokeAsync(Webhook(receiver.Url, timeoutSecs: 1, maxRetries: 1), Ct);
        stopwatch.Stop();

        var error = ErrorOf(result).GetString()!;
        Assert.Contains("timeout of 1 s", error);
        Assert.Equal(2, receiver.Requests.Count);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Non_success_status_is_an_error_result()
    {
        await using var receiver = await WebhookReceiver.StartAsync(404, """{"message":"no such city"}""");
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        var error = ErrorOf(result).GetString()!;
        Assert.Contains("404", error);
        Assert.Contains("no such city", error);
    }

    [Fact]
    public async Task Success_with_invalid_json_is_an_error_result()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) => WebhookReceiver.Reply(context, 200, "<html>ok</html>", "text/html"));
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        Assert.Contains("invalid JSON", ErrorOf(result).GetString());
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Empty_success_body_is_an_empty_object()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) =>
        {
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        Assert.Equal(ToolResult.Success("{}"), result);
    }

    [Fact]
    public async Task Oversized_response_is_an_error_result_naming_the_limit()
    {
        var big = $$"""{"data":"{{new string('x', WebhookToolInvoker.MaxResponseBytes)}}"}""";
        await using var receiver = await WebhookReceiver.StartAsync(200, big);
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        Assert.Contains("1024 KiB limit", ErrorOf(result).GetString());
    }

    [Fact]
    public async Task Missing_url_is_an_error_result()
    {
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook("not a url"), Ct);

        Assert.Contains("URL", ErrorOf(result).GetString());
    }
}
