using Everruns.Worker.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Everruns.Tests.Tools;

public sealed class ToolsRegistrationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Settings_are_read_from_the_tools_section()
    {
        var options = ToolsOptions.FromConfiguration(Config(("Tools:AllowPrivateNetworks", "true"), ("Tools:RetryBaseDelayMs", "250"), ("Tools:RetryMaxDelayMs", "5000")));

        Assert.True(options.AllowPrivateNetworks);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RetryMaxDelay);
    }

    [Fact]
    public void Private_networks_are_refused_by_default() =>
        Assert.False(ToolsOptions.FromConfiguration(Config()).AllowPrivateNetworks);

    [Fact]
    public void Invalid_setting_stops_start_up()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ToolsOptions.FromConfiguration(Config(("Tools:AllowPrivateNetworks", "sometimes"))));

        Assert.Contains("Tools:AllowPrivateNetworks", exception.Message);
    }

    [Fact]
    public async Task Registered_invoker_calls_webhooks_with_the_configured_rules()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var services = new ServiceCollection().AddLogging().AddEverrunsTools(Config(("Tools:AllowPrivateNetworks", "true")));
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IToolInvoker>().InvokeAsync(ToolCalls.Webhook(receiver.Url), ToolCalls.Ct);

        Assert.False(result.IsError, result.Content);
        Assert.Single(receiver.Requests);
    }
}
