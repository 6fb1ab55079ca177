using Everruns.Tests.Models.Fakes;
using Everruns.Worker.Execution;
using Everruns.Worker.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Everruns.Tests.Models;

/// <summary>The official Anthropic SDK, through <see cref="ModelClientFactory"/>, against a server speaking Anthropic's wire protocol.</summary>
public sealed class AnthropicProviderOverHttpTests
{
    private const string Model = "anthropic/claude-fake";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelClientFactory Factory(FakeProviderServer server, string rateLimitMaxWaitSeconds = "30") =>
        new(ModelsOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ANTHROPIC_API_KEY"] = "test-key",
                ["ANTHROPIC_BASE_URL"] = server.BaseUrl,
                ["Models:RetryBaseDelayMs"] = "10",
                ["Models:RateLimitMaxWaitSeconds"] = rateLimitMaxWaitSeconds,
            })
            .Build()));

    [Fact]
    public async Task Streams_text_and_usage_with_the_key_and_system_prompt()
    {
        await using var server = await FakeProviderServer.StartAsync((request, context) => AnthropicWire.TextAsync(request, context, "Hello from the fake"));
        using var factory = Factory(server);
        using var client = factory.Create(Model);

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hi")], cancellationToken: Ct));

        Assert.Equal("Hello from the fake", Chat.Text(updates));
        Assert.Equal(4, Chat.Usage(updates)?.OutputTokenCount);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Contains(request.Headers, header => header.Value.Contains("test-key", StringComparison.Ordinal));
        Assert.Contains("Be brief.", request.Json["system"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_after_the_wait_the_provider_asked_for()
    {
        await using var server = await FakeProviderServer.StartAsync((request, context) => request.Number == 1
            ? AnthropicWire.RateLimitedAsync(context, retryAfterSeconds: 2)
            : AnthropicWire.TextAsync(request, context, "Worth the wait"));
        using var factory = Factory(server);
        using var client = factory.Create(Model);

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(Chat.User("Hi"), cancellationToken: Ct));

        Assert.Equal("Worth the wait", Chat.Text(updates));
        var requests = server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        var waited = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(waited >= TimeSpan.FromMilliseconds(1980), $"retried after {waited.TotalMilliseconds} ms, not the 2 s asked for");
    }

    [Fact]
    public async Task A_lasting_rate_limit_fails_as_model_rate_limited_once_the_longest_wait_is_spent()
    {
        await using var server = await FakeProviderServer.StartAsync((_, context) => AnthropicWire.RateLimitedAsync(context, retryAfterSeconds: 1));
        using var factory = Factory(server, rateLimitMaxWaitSeconds: "2");
        using var client = factory.Create(Model);

        var exception = await Assert.ThrowsAsync<ModelRateLimitedException>(
            () => client.GetResponseAsync(Chat.User("Hi"), cancellationToken: Ct));

        var requests = server.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.True(requests[^1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(1980));
        Assert.Equal(TimeSpan.FromSeconds(2), exception.Waited);
        var (code, message) = RunErrors.Describe(exception);
        Assert.Equal("model_rate_limited", code);
        Assert.Contains("429", message, StringComparison.Ordinal);
        Assert.False(ModelErrorClassifier.Classify(exception).IsTransient);
    }
}
