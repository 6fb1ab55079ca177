using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

/// <summary>
/// A tool's headers are checked again when a call is sent: a definition stored before the API checked them (or
/// written to the database some other way) cannot add headers or requests of its own.
/// </summary>
public sealed class WebhookHeaderTests
{
    [Theory]
    [InlineData("X-A", "v\r\nX-Everruns-Signature: sha256=forged")]
    [InlineData("X-A", "v\r\nContent-Length: 0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: evil")]
    [InlineData("X-A", "v\nIdempotency-Key: forged")]
    [InlineData("X-A", "v\u0000w")]
    [InlineData("X-A\r\nX-Everruns-Signature", "sha256=forged")]
    [InlineData("X A", "v")]
    [InlineData("", "v")]
    [InlineData("X-A", null)]
    public async Task A_header_that_could_inject_others_is_refused_and_nothing_is_sent(string name, string? value)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(Webhook(receiver.Url, headers: new Dictionary<string, string> { [name] = value! }), Ct);

        var error = ErrorOf(result).GetString()!;
        Assert.Contains("header", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\r", error);
        Assert.DoesNotContain("\n", error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Ordinary_headers_are_sent_as_given()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var invoker = Invoker();

        var result = await invoker.InvokeAsync(
            Webhook(receiver.Url, headers: new Dictionary<string, string> { ["X-Api-Key"] = "k-1\t2 ~!", ["Accept-Language"] = "de-CH" }), Ct);

        Assert.False(result.IsError, result.Content);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("k-1\t2 ~!", request.Header("X-Api-Key"));
        Assert.Equal("de-CH", request.Header("Accept-Language"));
    }
}
