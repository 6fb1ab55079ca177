using System.Text.Json.Nodes;
using Everruns.Worker.Tools;
using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

/// <summary>What a webhook receiver gets: the arguments as the body, signed, with the documented headers.</summary>
public sealed class WebhookRequestTests
{
    private const string Secret = "whsec_test_4f1b2c";

    [Fact]
    public async Task Receiver_verifies_the_signature_with_the_tools_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
        {
            var valid = WebhookSignature.Verify(Secret, request.Header(WebhookHeaders.Timestamp)!, request.Body, request.Header(WebhookHeaders.Signature));
            return WebhookReceiver.Reply(context, valid ? 200 : 401, valid ? """{"verified":true}""" : """{"verified":false}""");
        });
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url, new { city = "Zürich", days = 3 }, secret: Secret), Ct);

        Assert.False(result.IsError, result.Content);
        Assert.Equal("""{"verified":true}""", result.Content);
        var request = Assert.Single(receiver.Requests);
        Assert.StartsWith("sha256=", request.Header(WebhookHeaders.Signature));
        Assert.False(WebhookSignature.Verify("not-the-secret", request.Header(WebhookHeaders.Timestamp)!, request.Body, request.Header(WebhookHeaders.Signature)));
        Assert.False(WebhookSignature.Verify(Secret, request.Header(WebhookHeaders.Timestamp)!, [.. request.Body, (byte)' '], request.Header(WebhookHeaders.Signature)));
    }

    [Fact]
    public async Task Signature_matches_an_independent_hmac_over_timestamp_dot_body()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var invoker = Invoker();

        await invoker.InvokeAsync(Webhook(receiver.Url, new { q = "x" }, secret: Secret), Ct);

        var request = Assert.Single(receiver.Requests);
        var signed = System.Text.Encoding.UTF8.GetBytes($"{request.Header(WebhookHeaders.Timestamp)}.{request.BodyText}");
        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret), signed));
        Assert.Equal(expected, request.Header(WebhookHeaders.Signature));
    }

    [Fact]
    public async Task Request_carries_the_arguments_as_json_and_the_documented_headers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var invoker = Invoker();
        var runId = Guid.NewGuid();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await invoker.InvokeAsync(
            Webhook(
                receiver.Url,
                new { city = "Zürich", tags = new[] { "a", "b" } },
                secret: Secret,
                headers: new Dictionary<string, string> { ["X-Api-Key"] = "k-123", ["Idempotency-Key"] = "spoofed" },
                runId: runId,
                callId: "call_42"),
            Ct);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"city":"Zürich","tags":["a","b"]}"""), request.BodyJson));
        var timestamp = long.Parse(request.Header(WebhookHeaders.Timestamp)!);
        Assert.InRange(timestamp, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal($"{runId}:call_42", request.Header(WebhookHeaders.IdempotencyKey));
        Assert.Equal(runId.ToString(), request.Header(WebhookHeaders.RunId));
        Assert.Equal("call_42", request.Header(WebhookHeaders.ToolCallId));
        Assert.Equal("k-123", request.Header("X-Api-Key"));
    }

    [Fact]
    public async Task Tools_method_is_used()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var invoker = Invoker();

        await invoker.InvokeAsync(Webhook(receiver.Url, new { id = 7 }, method: "put"), Ct);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("""{"id":7}""", request.BodyText);
    }

    [Fact]
    public async Task Without_a_secret_there_is_no_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var invoker = Invoker();

        await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        var request = Assert.Single(receiver.Requests);
        Assert.Null(request.Header(WebhookHeaders.Signature));
        Assert.NotNull(request.Header(WebhookHeaders.Timestamp));
    }

    [Fact]
    public async Task Successful_json_body_is_the_result()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200, """{"temperature": 21.5, "unit": "C"}""");
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        Assert.Equal(new ToolResult("""{"temperature": 21.5, "unit": "C"}""", false), result);
    }
}
