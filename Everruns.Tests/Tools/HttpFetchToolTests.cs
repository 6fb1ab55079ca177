using System.Text.Json;
using Everruns.Worker.Tools;
using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

public sealed class HttpFetchToolTests
{
    private static HttpFetchTool Fetch() => new(new OutboundAddressPolicy(allowPrivateNetworks: true));

    private static JsonElement Url(string url) => JsonSerializer.SerializeToElement(new { url });

    [Fact]
    public async Task Fetches_text()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) =>
            WebhookReceiver.Reply(context, 200, "Grüezi from the receiver", "text/plain; charset=utf-8"));
        using var fetch = Fetch();

        var result = await fetch.InvokeAsync(Url(receiver.Url), Ct);

        Assert.False(result.IsError, result.Content);
        var page = Json(result.Content);
        Assert.Equal("Grüezi from the receiver", page.GetProperty("content").GetString());
        Assert.Equal("text/plain", page.GetProperty("content_type").GetString());
        Assert.Equal(200, page.GetProperty("status").GetInt32());
        Assert.False(page.GetProperty("truncated").GetBoolean());
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("GET", request.Method);
    }

    [Fact]
    public async Task Fetches_json()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200, """{"a":1}""");
        using var fetch = Fetch();

        var result = await fetch.InvokeAsync(Url(receiver.Url), Ct);

        Assert.Equal("""{"a":1}""", Json(result.Content).GetProperty("content").GetString());
    }

    [Fact]
    public async Task Refuses_non_text_content()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) => WebhookReceiver.Reply(context, 200, "\x89PNG", "image/png"));
        using var fetch = Fetch();

        var result = await fetch.InvokeAsync(Url(receiver.Url), Ct);

        var error = ErrorOf(result).GetString()!;
        Assert.Contains("image/png", error);
        Assert.Contains("only text", error);
    }

    [Fact]
    public async Task Truncates_a_large_body_with_a_note()
    {
        var text = string.Concat(Enumerable.Repeat("0123456789abcdef", 300 * 1024 / 16));
        await using var receiver = await WebhookReceiver.StartAsync((_, context) => WebhookReceiver.Reply(context, 200, text, "text/plain"));
        using var fetch = Fetch();

        var result = await fetch.InvokeAsync(Url(receiver.Url), Ct);

        Assert.False(result.IsError, result.Content[..200]);
        var page = Json(result.Content);
        Assert.True(page.GetProperty("truncated").GetBoolean());
        Assert.Equal(text[..HttpFetchTool.MaxBytes], page.GetProperty("content").GetString());
        Assert.Contains("256 KiB", page.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Truncation_does_not_split_a_character()
    {
        var text = new string('a', HttpFetchTool.MaxBytes - 1) + "é and more";
        await using var receiver = await WebhookReceiver.StartAsync((_, context) => WebhookReceiver.Reply(context, 200, text, "text/plain; charset=utf-8"));
        using var fetch = Fetch();

        var result = await fetch.InvokeAsync(Url(receiver.Url), Ct);

        Assert.Equal(new string('a', HttpFetchTool.MaxBytes - 1), Json(result.Content).GetProperty("content").GetString());
    }

    [Fact]
    public async Task Follows_redirects()
    {
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
        {
            if (request.Path == "/start")
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "/end";
                return Task.CompletedTask;
            }

            return WebhookReceiver.Reply(context, 200, "arrived", "text/plain");
        });
        using var fetch = Fetch();

        var result = await fetch.InvokeAsync(Url($"{receiver.BaseUrl}/start"), Ct);

        var page = Json(result.Content);
        Assert.Equal("arrived", page.GetProperty("content").GetString());
        Assert.Equal($"{receiver.BaseUrl}/end", page.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Stops_after_five_redirects()
    {
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = $"/hop{request.Number}";
            return Task.CompletedTask;
        });
        using var fetch = Fetch();

        var result = await fetch.InvokeAsync(Url(receiver.Url), Ct);

        Assert.Contains("5 redirects", ErrorOf(result).GetString());
        Assert.Equal(6, receiver.Requests.Count);
    }

    [Fact]
    public async Task Non_success_status_is_an_error_result()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) => WebhookReceiver.Reply(context, 404, "gone", "text/plain"));
        using var fetch = Fetch();

        var result = await fetch.InvokeAsync(Url(receiver.Url), Ct);

        Assert.Contains("404", ErrorOf(result).GetString());
    }

    [Fact]
    public async Task Credentials_in_the_url_stay_out_of_the_result()
    {
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
        {
            if (request.Path == "/start")
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "/end";
                return Task.CompletedTask;
            }

            return request.Path == "/end"
                ? WebhookReceiver.Reply(context, 200, "arrived", "text/plain")
                : WebhookReceiver.Reply(context, 404, "gone", "text/plain");
        });
        using var fetch = Fetch();
        string WithCredentials(string path) =>
            new UriBuilder($"{receiver.BaseUrl}{path}") { UserName = "alice-user-91", Password = "pw-do-not-echo-4d" }.Uri.ToString();

        var found = await fetch.InvokeAsync(Url(WithCredentials("/start")), Ct);
        var missing = await fetch.InvokeAsync(Url(WithCredentials("/missing")), Ct);

        Assert.False(found.IsError, found.Content);
        Assert.Equal("arrived", Json(found.Content).GetProperty("content").GetString());
        Assert.Contains("404", ErrorOf(missing).GetString());
        foreach (var result in new[] { found, missing })
        {
            Assert.DoesNotContain("pw-do-not-echo-4d", result.Content);
            Assert.DoesNotContain("alice-user-91", result.Content);
        }

        Assert.Contains("/end", Json(found.Content).GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"url":"ftp://example.com/file.txt"}""")]
    [InlineData("""{"url":"/relative"}""")]
    public async Task Needs_an_http_url(string arguments)
    {
        using var fetch = Fetch();

        var result = await fetch.InvokeAsync(Json(arguments), Ct);

        Assert.Contains("'url'", ErrorOf(result).GetString());
    }
}
