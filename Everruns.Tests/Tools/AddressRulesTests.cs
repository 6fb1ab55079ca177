using System.Diagnostics;
using System.Text.Json;
using Everruns.Worker.Tools;
using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

/// <summary>The address rules, applied where connections are made.</summary>
public sealed class AddressRulesTests
{
    [Fact]
    public async Task Loopback_webhook_is_refused_by_default()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var invoker = Invoker(PublicOnly);

        var result = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);

        var error = ErrorOf(result).GetString()!;
        Assert.Contains("loopback", error);
        Assert.Contains("Tools:AllowPrivateNetworks", error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Host_name_resolving_to_loopback_is_refused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var invoker = Invoker(PublicOnly);
        var url = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri.ToString();

        var result = await invoker.InvokeAsync(Webhook(url), Ct);

        var error = ErrorOf(result).GetString()!;
        Assert.Contains("'localhost'", error);
        Assert.Contains("Tools:AllowPrivateNetworks", error);
        Assert.Empty(receiver.Requests);
    }

    [Theory]
    [InlineData("http://10.255.255.1:81/hook", "private")]
    [InlineData("http://192.168.255.1:81/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("http://[::1]:81/hook", "loopback")]
    [InlineData("http://0.0.0.0:81/hook", "unspecified")]
    [InlineData("http://[::ffff:0:127.0.0.1]:81/hook", "loopback")]
    [InlineData("http://[2002:7f00:1::]:81/hook", "loopback")]
    [InlineData("http://[64:ff9b:1::a00:1]:81/hook", "private")]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:81/hook", "loopback")]
    public async Task Private_addresses_are_refused_at_once_and_not_retried(string url, string kind)
    {
        // The default backoff starts at a second, so a retry or a connection attempt to these addresses would show.
        using var invoker = Invoker(PublicOnly);

        var stopwatch = Stopwatch.StartNew();
        var result = await invoker.InvokeAsync(Webhook(url, timeoutSecs: 5, maxRetries: 2), Ct);

        Assert.Contains($"{kind} address", ErrorOf(result).GetString());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromMilliseconds(900), $"took {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Loopback_webhook_works_when_private_networks_are_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var invoker = Invoker(new ToolsOptions { AllowPrivateNetworks = true });
        var url = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri.ToString();

        var result = await invoker.InvokeAsync(Webhook(url), Ct);

        Assert.False(result.IsError, result.Content);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Http_fetch_obeys_the_same_rules()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) => WebhookReceiver.Reply(context, 200, "hello", "text/plain"));
        using var fetch = new HttpFetchTool(new OutboundAddressPolicy(allowPrivateNetworks: false));

        var result = await fetch.InvokeAsync(JsonSerializer.SerializeToElement(new { url = receiver.Url }), Ct);

        Assert.Contains("Tools:AllowPrivateNetworks", ErrorOf(result).GetString());
        Assert.Empty(receiver.Requests);
    }
}
