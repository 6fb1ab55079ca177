using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

public sealed class WebhookRetryTests
{
    [Fact]
    public async Task Server_errors_are_retried_with_the_same_idempotency_key()
    {
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
            request.Number <= 2 ? WebhookReceiver.Reply(context, 503, """{"busy":true}""") : WebhookReceiver.Reply(context, 200, """{"ok":true}"""));
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url, secret: "s", maxRetries: 2), Ct);

        Assert.False(result.IsError, result.Content);
        Assert.Equal("""{"ok":true}""", result.Content);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Header("Idempotency-Key")).Distinct());
        Assert.All(receiver.Requests, r => Assert.True(
            Everruns.Worker.Tools.WebhookSignature.Verify("s", r.Header("X-Everruns-Timestamp")!, r.Body, r.Header("X-Everruns-Signature"))));
    }

    [Fact]
    public async Task Too_many_requests_is_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
            WebhookReceiver.Reply(context, request.Number == 1 ? 429 : 200, "{}"));
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        Assert.False(result.IsError, result.Content);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
        {
            if (request.Number == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return WebhookReceiver.Reply(context, 503, "{}");
            }

            return WebhookReceiver.Reply(context, 200, "{}");
        });
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        Assert.False(result.IsError, result.Content);
        var requests = receiver.Requests;
        Assert.Equal(2, requests.Count);
        var gap = requests[1].At - requests[0].At;
        Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"retried after {gap.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Client_error_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(400, """{"message":"city is required"}""");
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url, maxRetries: 3), Ct);

        var error = ErrorOf(result).GetString()!;
        Assert.Contains("400", error);
        Assert.Contains("city is required", error);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Retries_stop_at_max_retries_and_the_error_says_so()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, """{"boom":1}""");
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url, maxRetries: 1), Ct);

        var error = ErrorOf(result).GetString()!;
        Assert.Contains("500", error);
        Assert.Contains("2 attempts", error);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task Default_is_two_retries()
    {
        await using var receiver = await WebhookReceiver.StartAsync(502, "{}");
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        Assert.True(result.IsError);
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task Unreachable_receiver_is_retried_then_an_error_result()
    {
        var port = await ClosedPortAsync();
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook($"http://127.0.0.1:{port}/hook", maxRetries: 1), Ct);

        var error = ErrorOf(result).GetString()!;
        Assert.Contains("could not be reached", error);
        Assert.Contains("2 attempts", error);
    }

    private static async Task<int> ClosedPortAsync()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        return new Uri(receiver.BaseUrl).Port;
    }
}
