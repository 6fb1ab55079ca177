using System.Diagnostics;
using System.Text.Json;
using Everruns.Worker.Models;
using Microsoft.Extensions.AI;
using Xunit;

namespace Everruns.Tests.Models;

public sealed class SimulatorChatClientTests
{
    private static readonly SimulatorOptions Fast = new() { TokensPerSecond = 0 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Same_conversation_gets_the_same_answer()
    {
        using var first = new SimulatorChatClient(Fast);
        using var second = new SimulatorChatClient(Fast);

        var a = await first.GetResponseAsync(Chat.User("What is the capital of France?"), cancellationToken: Ct);
        var b = await second.GetResponseAsync(Chat.User("What is the capital of France?"), cancellationToken: Ct);
        var other = await first.GetResponseAsync(Chat.User("Something else entirely"), cancellationToken: Ct);

        Assert.Equal(a.Text, b.Text);
        Assert.StartsWith("You said: \"What is the capital of France?\".", a.Text);
        Assert.NotEqual(a.Text, other.Text);
    }

    [Fact]
    public async Task Default_answer_streams_word_pieces_and_reports_usage()
    {
        using var client = new SimulatorChatClient(Fast);

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(Chat.User("Tell me about deterministic simulators"), cancellationToken: Ct));

        var textUpdates = Chat.TextUpdates(updates);
        Assert.InRange(textUpdates, 20, 45);
        Assert.All(updates.Where(u => u.Text.Length > 0), u => Assert.True(u.Text.Trim().Length <= 6, $"piece '{u.Text}' is longer than a word piece"));
        var usage = Assert.IsType<UsageDetails>(Chat.Usage(updates));
        Assert.Equal(5, usage.InputTokenCount);
        Assert.Equal(textUpdates, usage.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task Non_streaming_response_carries_text_and_usage()
    {
        using var client = new SimulatorChatClient(Fast);

        var response = await client.GetResponseAsync(Chat.User("[long:12]"), cancellationToken: Ct);

        Assert.Equal(12, response.Text.Split(' ').Length);
        Assert.Equal(12, response.Usage?.OutputTokenCount);
        Assert.Equal(1, response.Usage?.InputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Streaming_follows_the_configured_rate()
    {
        using var client = new SimulatorChatClient(new SimulatorOptions { TokensPerSecond = 50 });

        var stopwatch = Stopwatch.StartNew();
        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(Chat.User("[long:10]"), cancellationToken: Ct));
        stopwatch.Stop();

        Assert.Equal(10, Chat.TextUpdates(updates));
        // Ten tokens at 50/s are nine gaps of 20 ms.
        Assert.True(stopwatch.ElapsedMilliseconds >= 150, $"took {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Fast_model_ignores_the_rate()
    {
        using var client = new SimulatorChatClient(new SimulatorOptions { TokensPerSecond = 1 }, SimulatorChatClient.FastModel);

        var stopwatch = Stopwatch.StartNew();
        var response = await client.GetResponseAsync(Chat.User("[long:50]"), cancellationToken: Ct);

        Assert.Equal(50, response.Usage?.OutputTokenCount);
        Assert.True(stopwatch.ElapsedMilliseconds < 5_000, $"took {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Tool_cues_become_parallel_function_calls_with_parsed_arguments()
    {
        using var client = new SimulatorChatClient(Fast);
        var conversation = Chat.User("""Check [tool:get_weather {"city": "Paris", "days": 3, "nested": {"x": "]"}}] and [tool:list_files]""");

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(conversation, cancellationToken: Ct));
        var again = await Chat.CollectAsync(client.GetStreamingResponseAsync(conversation, cancellationToken: Ct));

        var calls = Chat.Calls(updates);
        Assert.Equal(2, calls.Count);
        Assert.Equal("get_weather", calls[0].Name);
        Assert.Equal("Paris", Assert.IsType<JsonElement>(calls[0].Arguments!["city"]).GetString());
        Assert.Equal(3, Assert.IsType<JsonElement>(calls[0].Arguments!["days"]).GetInt32());
        Assert.Equal("]", Assert.IsType<JsonElement>(calls[0].Arguments!["nested"]).GetProperty("x").GetString());
        Assert.Equal("list_files", calls[1].Name);
        Assert.Empty(calls[1].Arguments!);
        Assert.StartsWith("call_", calls[0].CallId);
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
        Assert.Equal(calls.Select(c => c.CallId), Chat.Calls(again).Select(c => c.CallId));
        Assert.Equal(string.Empty, Chat.Text(updates));
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.True(Chat.Usage(updates)?.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Malformed_tool_cue_stays_text()
    {
        using var client = new SimulatorChatClient(Fast);

        var response = await client.GetResponseAsync(Chat.User("[tool:broken {not json}]"), cancellationToken: Ct);

        Assert.DoesNotContain(response.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent);
        Assert.Contains("[tool:broken", response.Text);
    }

    [Fact]
    public async Task Tool_results_turn_is_answered_with_text_that_mentions_them()
    {
        using var client = new SimulatorChatClient(Fast);
        var conversation = Chat.User("Weather please [tool:get_weather {\"city\":\"Oslo\"}]");
        var first = await client.GetResponseAsync(conversation, cancellationToken: Ct);
        var call = Assert.IsType<FunctionCallContent>(first.Messages.SelectMany(m => m.Contents).Single(c => c is FunctionCallContent));

        conversation.AddRange(first.Messages);
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "rain, 7 degrees")]));
        var second = await client.GetResponseAsync(conversation, cancellationToken: Ct);

        Assert.Contains("get_weather returned rain, 7 degrees", second.Text);
        Assert.DoesNotContain(second.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent);
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
    }

    [Fact]
    public async Task Max_output_tokens_cuts_the_answer()
    {
        using var client = new SimulatorChatClient(Fast);

        var response = await client.GetResponseAsync(Chat.User("[long:40]"), new ChatOptions { MaxOutputTokens = 5 }, Ct);

        Assert.Equal(5, response.Usage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Delay_cue_waits_before_the_first_token()
    {
        using var client = new SimulatorChatClient(Fast);

        var stopwatch = Stopwatch.StartNew();
        await client.GetResponseAsync(Chat.User("[delay:300] hi"), cancellationToken: Ct);

        Assert.True(stopwatch.ElapsedMilliseconds >= 290, $"took {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Cancellation_stops_streaming_promptly()
    {
        using var client = new SimulatorChatClient(new SimulatorOptions { TokensPerSecond = 50 });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var received = 0;
        var stopwatch = new Stopwatch();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Chat.User("[long:1000]"), cancellationToken: cancellation.Token))
            {
                if (++received == 5)
                {
                    stopwatch.Start();
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.True(stopwatch.ElapsedMilliseconds < 500, $"stopped after {stopwatch.ElapsedMilliseconds} ms");
        Assert.InRange(received, 5, 6);
    }

    [Fact]
    public async Task Cancellation_interrupts_a_delay_promptly()
    {
        using var client = new SimulatorChatClient(Fast);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancellation.CancelAfter(100);

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Chat.User("[delay:10000]"), cancellationToken: cancellation.Token));

        Assert.True(stopwatch.ElapsedMilliseconds < 600, $"stopped after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Error_cue_429_carries_status_and_retry_after()
    {
        using var client = new SimulatorChatClient(Fast);

        var exception = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(
            () => client.GetResponseAsync(Chat.User(Chat.Unique("[error:429:2]")), cancellationToken: Ct));

        Assert.Equal(429, exception.Status);
        var failure = ModelErrorClassifier.Classify(exception);
        Assert.True(failure.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    public async Task Error_cue_raises_the_status(int status, bool transient)
    {
        using var client = new SimulatorChatClient(Fast);

        var exception = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(
            () => client.GetResponseAsync(Chat.User(Chat.Unique($"[error:{status}]")), cancellationToken: Ct));

        Assert.Equal(status, exception.Status);
        Assert.Equal(transient, ModelErrorClassifier.Classify(exception).IsTransient);
        Assert.Null(ModelErrorClassifier.Classify(exception).RetryAfter);
    }

    [Fact]
    public async Task Error_cue_without_once_fails_every_time()
    {
        using var client = new SimulatorChatClient(Fast);
        var conversation = Chat.User(Chat.Unique("[error:500]"));

        await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => client.GetResponseAsync(conversation, cancellationToken: Ct));
        await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => client.GetResponseAsync(conversation, cancellationToken: Ct));
    }

    [Fact]
    public async Task Once_error_fails_only_the_first_attempt_of_that_conversation()
    {
        using var client = new SimulatorChatClient(Fast);
        var conversation = Chat.User(Chat.Unique("[error:500:once] hello"));

        await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => client.GetResponseAsync(conversation, cancellationToken: Ct));
        using var another = new SimulatorChatClient(Fast);
        var response = await another.GetResponseAsync(conversation, cancellationToken: Ct);

        Assert.StartsWith("You said:", response.Text);
    }

    [Fact]
    public async Task Fail_mid_stream_throws_after_the_given_tokens()
    {
        using var client = new SimulatorChatClient(Fast);
        var received = new List<ChatResponseUpdate>();

        var exception = await Assert.ThrowsAsync<HttpIOException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Chat.User(Chat.Unique("[long:20][fail-mid-stream:7]")), cancellationToken: Ct))
            {
                received.Add(update);
            }
        });

        Assert.Equal(7, Chat.TextUpdates(received));
        Assert.True(ModelErrorClassifier.Classify(exception).IsTransient);
    }

    [Fact]
    public async Task Fail_mid_stream_once_succeeds_on_the_second_attempt()
    {
        using var client = new SimulatorChatClient(Fast);
        var conversation = Chat.User(Chat.Unique("[long:10][fail-mid-stream:once]"));

        await Assert.ThrowsAsync<HttpIOException>(() => Chat.CollectAsync(client.GetStreamingResponseAsync(conversation, cancellationToken: Ct)));
        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(conversation, cancellationToken: Ct));

        Assert.Equal(10, Chat.TextUpdates(updates));
    }

    [Fact]
    public void Reports_its_metadata()
    {
        using var client = new SimulatorChatClient(Fast, "demo");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("sim", metadata?.ProviderName);
        Assert.Equal("demo", metadata?.DefaultModelId);
    }
}
