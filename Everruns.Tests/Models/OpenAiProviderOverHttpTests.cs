using System.ClientModel;
using System.Text.Json;
using Everruns.Worker.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Everruns.Tests.Models;

/// <summary>The real OpenAI client, through <see cref="ModelClientFactory"/>, against the simulator served over HTTP.</summary>
public sealed class OpenAiProviderOverHttpTests(SimulatorServer server) : IClassFixture<SimulatorServer>, IDisposable
{
    private const string Model = "openai/gpt-sim";

    private readonly ModelClientFactory _factory = new(ModelsOptions.FromConfiguration(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl,
            ["OPENAI_API_KEY"] = "test-key",
            ["Models:MaxRetries"] = "2",
            ["Models:RetryBaseDelayMs"] = "10",
        })
        .Build()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Streams_the_simulators_text_and_usage()
    {
        var message = Chat.Unique("Hello over HTTP");
        using var client = _factory.Create(Model);

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(Chat.User(message), cancellationToken: Ct));

        using var direct = new SimulatorChatClient(new SimulatorOptions { TokensPerSecond = 0 }, "gpt-sim");
        var expected = await direct.GetResponseAsync(Chat.User(message), cancellationToken: Ct);
        Assert.Equal(expected.Text, Chat.Text(updates));
        Assert.True(Chat.TextUpdates(updates) >= 20, "the answer should arrive in many pieces");
        var usage = Assert.IsType<UsageDetails>(Chat.Usage(updates));
        Assert.Equal(expected.Usage?.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(expected.Usage?.OutputTokenCount, usage.OutputTokenCount);
        Assert.Single(server.RequestsWith(message[^33..]));
    }

    [Fact]
    public async Task Non_streaming_call_returns_text_and_usage()
    {
        using var client = _factory.Create(Model);

        var response = await client.GetResponseAsync(Chat.User(Chat.Unique("[long:15]")), cancellationToken: Ct);

        Assert.Equal(15, response.Text.Split(' ').Length);
        Assert.Equal(15, response.Usage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Tool_calls_and_the_tool_results_turn_round_trip()
    {
        using var client = _factory.Create(Model);
        var conversation = Chat.User(Chat.Unique("""Weather [tool:get_weather {"city":"Paris"}] [tool:get_time {"zone":"CET"}]"""));

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(conversation, cancellationToken: Ct));

        var calls = Chat.Calls(updates);
        Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.Name));
        Assert.Equal("Paris", JsonSerializer.SerializeToElement(calls[0].Arguments!["city"]).GetString());
        Assert.Equal("CET", JsonSerializer.SerializeToElement(calls[1].Arguments!["zone"]).GetString());
        Assert.All(calls, c => Assert.StartsWith("call_", c.CallId));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.ToolCalls);

        conversation.Add(new ChatMessage(ChatRole.Assistant, [.. calls]));
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(calls[0].CallId, "sunny")]));
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(calls[1].CallId, "noon")]));
        var answer = await client.GetResponseAsync(conversation, cancellationToken: Ct);

        Assert.Contains("get_weather returned", answer.Text);
        Assert.Contains("sunny", answer.Text);
        Assert.Contains("get_time returned", answer.Text);
        Assert.Empty(answer.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task Rate_limit_once_is_retried_after_retry_after()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var client = _factory.Create(Model);

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(Chat.User($"[error:429:1:once] {marker}"), cancellationToken: Ct));

        Assert.StartsWith("You said:", Chat.Text(updates));
        var requests = server.RequestsWith(marker);
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.Equal("1", requests[0].RetryAfter);
        var waited = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(waited >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20), $"retried after {waited.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Server_error_once_is_retried_for_a_non_streaming_call()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var client = _factory.Create(Model);

        var response = await client.GetResponseAsync(Chat.User($"[error:500:once] {marker}"), cancellationToken: Ct);

        Assert.StartsWith("You said:", response.Text);
        Assert.Equal([500, 200], server.RequestsWith(marker).Select(r => r.Status));
    }

    [Fact]
    public async Task Bad_request_is_not_retried()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var client = _factory.Create(Model);

        var exception = await Assert.ThrowsAsync<ClientResultException>(
            () => Chat.CollectAsync(client.GetStreamingResponseAsync(Chat.User($"[error:400] {marker}"), cancellationToken: Ct)));

        Assert.Equal(400, exception.Status);
        Assert.Equal([400], server.RequestsWith(marker).Select(r => r.Status));
    }

    [Fact]
    public async Task Persistent_server_error_gives_up_after_the_configured_retries()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var client = _factory.Create(Model);

        var exception = await Assert.ThrowsAsync<ClientResultException>(
            () => client.GetResponseAsync(Chat.User($"[error:503] {marker}"), cancellationToken: Ct));

        Assert.Equal(503, exception.Status);
        Assert.Equal([503, 503, 503], server.RequestsWith(marker).Select(r => r.Status));
    }

    [Fact]
    public async Task Dropped_stream_after_some_tokens_is_reported_not_retried()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var client = _factory.Create(Model);
        var received = new List<ChatResponseUpdate>();

        var exception = await Assert.ThrowsAsync<ModelStreamInterruptedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Chat.User($"[long:30][fail-mid-stream:5] {marker}"), cancellationToken: Ct))
            {
                received.Add(update);
            }
        });

        Assert.Equal(5, Chat.TextUpdates(received));
        Assert.True(exception.IsTransient);
        Assert.Single(server.RequestsWith(marker));
    }
}
