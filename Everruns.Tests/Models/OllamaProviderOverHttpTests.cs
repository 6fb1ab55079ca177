using System.Text.Json.Nodes;
using Everruns.Tests.Models.Fakes;
using Everruns.Worker.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Everruns.Tests.Models;

/// <summary>OllamaSharp, through <see cref="ModelClientFactory"/>, against a server speaking Ollama's chat API.</summary>
public sealed class OllamaProviderOverHttpTests
{
    private const string Model = "ollama/llama-fake";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelClientFactory Factory(FakeProviderServer server, params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["OLLAMA_ENDPOINT"] = server.BaseUrl,
            ["Models:RetryBaseDelayMs"] = "10",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        return new(ModelsOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build()));
    }

    [Fact]
    public async Task Streams_text_and_usage()
    {
        await using var server = await FakeProviderServer.StartAsync((request, context) => OllamaWire.TextAsync(request, context, "Hello from llama"));
        using var factory = Factory(server);
        using var client = factory.Create(Model);

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hi")], cancellationToken: Ct));

        Assert.Equal("Hello from llama", Chat.Text(updates));
        Assert.Equal(3, Chat.Usage(updates)?.OutputTokenCount);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/chat", request.Path);
        Assert.Equal("llama-fake", request.Json["model"]!.GetValue<string>());
        Assert.Equal(["system", "user"], request.Json["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_tool_result_reaches_the_model_as_itself_with_its_tool_name()
    {
        await using var server = await FakeProviderServer.StartAsync((request, context) => OllamaWire.TextAsync(request, context, "It is noon"));
        using var factory = Factory(server);
        using var client = factory.Create(Model);
        const string Result = """{"utc":"2025-01-01T12:00:00.0000000+00:00"}""";
        List<ChatMessage> conversation =
        [
            new(ChatRole.User, "What time is it?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "current_time", new Dictionary<string, object?>())]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", Result)]),
        ];

        var answer = await client.GetResponseAsync(conversation, cancellationToken: Ct);

        Assert.Equal("It is noon", answer.Text);
        var messages = Assert.Single(server.Requests).Json["messages"]!.AsArray();
        Assert.Equal(3, messages.Count);
        Assert.Equal("current_time", messages[1]!["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>());
        var tool = messages[2]!;
        Assert.Equal("tool", tool["role"]!.GetValue<string>());
        Assert.Equal(Result, tool["content"]!.GetValue<string>());
        Assert.Equal("current_time", tool["tool_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rate_limit_is_retried_after_the_wait_the_server_asked_for()
    {
        await using var server = await FakeProviderServer.StartAsync((request, context) => request.Number == 1
            ? OllamaWire.RateLimitedAsync(context, retryAfterSeconds: 1)
            : OllamaWire.TextAsync(request, context, "Back again"));
        using var factory = Factory(server);
        using var client = factory.Create(Model);

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(Chat.User("Hi"), cancellationToken: Ct));

        Assert.Equal("Back again", Chat.Text(updates));
        var requests = server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        var waited = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(waited >= TimeSpan.FromMilliseconds(980), $"retried after {waited.TotalMilliseconds} ms, not the 1 s asked for");
    }

    [Fact]
    public async Task A_hosted_ollama_gets_the_api_key_and_the_configured_headers()
    {
        await using var server = await FakeProviderServer.StartAsync((request, context) => OllamaWire.TextAsync(request, context, "Authenticated"));
        using var factory = Factory(server, ("OLLAMA_API_KEY", "ollama-secret"), ("Models:Ollama:Headers:X-Gateway-Token", "gw-123"));
        using var client = factory.Create(Model);

        await client.GetResponseAsync(Chat.User("Hi"), cancellationToken: Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer ollama-secret", request.Headers["Authorization"]);
        Assert.Equal("gw-123", request.Headers["X-Gateway-Token"]);
        Assert.Null(JsonNode.Parse(request.Body)!["CustomHeaders"]?["X-Gateway-Token"]);
    }
}
