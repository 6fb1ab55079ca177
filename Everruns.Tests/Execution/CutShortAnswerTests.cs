using System.Net;
using System.Text.Json.Nodes;
using Everruns.Data.AgUi;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Execution;

namespace Everruns.Tests.Execution;

/// <summary>
/// A run cancelled while the model streams its answer keeps what was streamed: as the thread's assistant message,
/// marked cut short, with its tokens in the run's usage, and in the conversation the next run's model is sent.
/// Through the API on the in-process runner and the simulator; the scenario suite checks the same in Temporal mode.
/// </summary>
public sealed class CutShortAnswerTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    [Fact]
    public async Task A_cancelled_answer_is_kept_as_far_as_it_was_streamed()
    {
        var agent = await client.CreateAgentAsync();
        var (thread, run) = await client.AskAsync(agent, "Write at length. [long:3000]");
        var (frames, cancelled) = await CancelWhileStreamingAsync(run.Id());

        var streamed = Runs.Text(frames);
        var messageId = frames.Single(f => f.Type == AgUiEventTypes.TextMessageStart).Json["messageId"]!.GetValue<string>();
        var messages = await MessagesAsync(thread.Id());
        Assert.Equal(["user", "assistant"], messages.Select(m => m["role"]!.GetValue<string>()));
        Assert.False(messages[0]["cut_short"]!.GetValue<bool>());
        var answer = messages[1];
        Assert.Equal((messageId, run.Id(), streamed, true), (answer.Id(), answer["run_id"]!.GetValue<string>(), answer["content"]!.GetValue<string>(), answer["cut_short"]!.GetValue<bool>()));
        Assert.InRange(Words(streamed), 1, 2999);

        // The tokens: the answer's counted from its text, the conversation's estimated; the stream says so too.
        var usage = cancelled["usage"]!;
        Assert.Equal(TokenEstimate.Of(streamed), usage["output_tokens"]!.GetValue<long>());
        Assert.True(usage["input_tokens"]!.GetValue<long>() > 0);
        var reported = frames.Single(f => f.Type == AgUiEventTypes.Custom).Json;
        Assert.Equal("everruns.model_usage", reported["name"]!.GetValue<string>());
        var value = reported["value"]!;
        Assert.Equal(
            (usage["input_tokens"]!.GetValue<long>(), usage["output_tokens"]!.GetValue<long>(), messageId, true, true),
            (value["input_tokens"]!.GetValue<long>(), value["output_tokens"]!.GetValue<long>(), value["message_id"]!.GetValue<string>(),
             value["cut_short"]!.GetValue<bool>(), value["estimated"]!.GetValue<bool>()));

        // A valid AG-UI sequence that ends cancelled: the message closed, its step finished, the usage, the end.
        Runs.AssertValidAgUi(frames);
        Runs.AssertGapFree(frames);
        Assert.Equal(
            [AgUiEventTypes.TextMessageEnd, AgUiEventTypes.StepFinished, AgUiEventTypes.Custom, AgUiEventTypes.RunFinished],
            frames.TakeLast(4).Select(f => f.Type));
        Assert.Equal("cancelled", frames[^1].Json["outcome"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_next_run_sends_the_model_the_cut_short_answer_as_it_was()
    {
        var agent = await client.CreateAgentAsync(definition: new { system_prompt = "You are helpful." });
        var (thread, run) = await client.AskAsync(agent, "Write at length. [long:3000]");
        var (frames, _) = await CancelWhileStreamingAsync(run.Id());

        var next = await client.ContinueAsync(thread, "Go on, please.");
        var finished = await client.WaitForStatusAsync(next.Id(), "completed");

        // The simulator counts the words of every message it is sent as its input tokens.
        var sent = new[] { "You are helpful.", "Write at length. [long:3000]", Runs.Text(frames), "Go on, please." };
        Assert.Equal(sent.Sum(Words), finished["usage"]!["input_tokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_run_cancelled_before_its_first_token_keeps_no_answer()
    {
        var agent = await client.CreateAgentAsync();
        var (thread, run) = await client.AskAsync(agent, "Think first. [delay:5000]");
        await SseClient.ReadAllAsync(client, $"/v1/runs/{run.Id()}/events", stopAfter: 2);

        await client.PostAsync($"/v1/runs/{run.Id()}/cancel", null);
        var cancelled = await client.WaitForStatusAsync(run.Id(), "cancelled", TimeSpan.FromSeconds(10));

        Assert.Equal(["user"], (await MessagesAsync(thread.Id())).Select(m => m["role"]!.GetValue<string>()));
        Assert.Equal(0, cancelled["usage"]!["total_tokens"]!.GetValue<long>());
        var frames = await client.EventsAsync(run.Id());
        Runs.AssertValidAgUi(frames);
        Assert.DoesNotContain(frames, f => f.Type == AgUiEventTypes.Custom);
    }

    /// <summary>Follows the run until some of its answer streamed, cancels it, and answers its events and the cancelled run.</summary>
    private async Task<(List<SseFrame> Frames, JsonNode Run)> CancelWhileStreamingAsync(string runId)
    {
        var early = await SseClient.ReadAllAsync(client, $"/v1/runs/{runId}/events", stopAfter: 8);
        Assert.Contains(early, f => f.Type == AgUiEventTypes.TextMessageContent);

        var response = await client.PostAsync($"/v1/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancelled = await client.WaitForStatusAsync(runId, "cancelled", TimeSpan.FromSeconds(10));
        return (await client.EventsAsync(runId), cancelled);
    }

    private async Task<List<JsonNode>> MessagesAsync(string threadId) =>
        [.. (await client.GetJsonAsync($"/v1/threads/{threadId}/messages"))["data"]!.AsArray().Select(m => m!)];

    private static long Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
