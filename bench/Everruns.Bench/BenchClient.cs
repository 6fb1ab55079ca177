using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everruns.Bench;

/// <summary>What one client saw of one run.</summary>
public sealed record RunObservation(
    int Events,
    int Tokens,
    double TimeToFirstTokenMs,
    double SimulatorTimeToFirstTokenMs,
    IReadOnlyList<double> DeliveryLatenciesMs,
    IReadOnlyList<long> ReceivedAtMs,
    (long First, long Last) TokensReceivedAtMs,
    bool Finished,
    bool GapFree,
    FirstTokenPath? Path = null);

/// <summary>
/// Where a run's time to first token went, in milliseconds after the client sent <c>POST /v1/runs</c> (wall clock;
/// the platform's event timestamps are whole milliseconds).
/// </summary>
public sealed record FirstTokenPath(double RunAnswered, double StreamOpened, double RunStarted, double ModelCalled, double TokenEmitted, double TokenReceived);

/// <summary>Talks to the API as a client would: JSON over HTTP, events over SSE.</summary>
public sealed class BenchClient(HttpClient http)
{
    public async Task<string> CreateAgentAsync(string model = "sim/default")
    {
        var response = await http.PostAsJsonAsync("/v1/agents", new { name = "bench", default_model_id = model });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    /// <summary>A new thread of the agent with the user's message: what a run starts from.</summary>
    public async Task<string> NewThreadAsync(string agentId, string message)
    {
        var thread = await PostAsync("/v1/threads", new { agent_id = agentId });
        await PostAsync($"/v1/threads/{thread}/messages", new { role = "user", content = message });
        return thread;
    }

    /// <summary>Starts a run on the thread; answers its id.</summary>
    public Task<string> StartRunAsync(string threadId) => PostAsync("/v1/runs", new { thread_id = threadId });

    /// <summary>Starts a run on the thread and follows its events to the end.</summary>
    public async Task<RunObservation> RunAsync(string threadId)
    {
        var started = Stopwatch.GetTimestamp();
        var startedAt = UnixMs();
        var run = await PostAsync("/v1/runs", new { thread_id = threadId });
        var answeredAt = UnixMs();
        return await FollowAsync(run, started, startedAt, answeredAt);
    }

    private static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private async Task<RunObservation> FollowAsync(string runId, long started, double startedAt, double answeredAt)
    {
        using var response = await http.GetAsync($"/v1/runs/{runId}/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var openedAt = UnixMs();
        double runStartedAt = -1, firstTokenReceivedAt = -1;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var latencies = new List<double>();
        var receivedAts = new List<long>();
        long firstTokenAt = -1, lastTokenAt = -1;
        double firstToken = -1, modelStarted = -1, modelFirstToken = -1;
        int events = 0, tokens = 0;
        long lastSeq = 0;
        var gapFree = true;
        var finished = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                var seq = long.Parse(line.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
                gapFree &= seq == lastSeq + 1;
                lastSeq = seq;
                continue;
            }

            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var receivedAt = UnixMs();
            var received = (long)receivedAt;
            using var json = JsonDocument.Parse(line.AsMemory(6));
            var type = json.RootElement.GetProperty("type").GetString();
            var emitted = json.RootElement.TryGetProperty("timestamp", out var ts) ? ts.GetInt64() : received;
            events++;
            latencies.Add(received - emitted);
            receivedAts.Add(received);
            Timeline.Record(received, received - emitted);
            switch (type)
            {
                case "RUN_STARTED" when runStartedAt < 0:
                    runStartedAt = emitted;
                    break;
                case "STEP_STARTED" when modelStarted < 0:
                    modelStarted = emitted;
                    break;
                case "TEXT_MESSAGE_CONTENT":
                    tokens++;
                    firstTokenAt = firstTokenAt < 0 ? received : firstTokenAt;
                    lastTokenAt = received;
                    if (firstToken < 0)
                    {
                        firstToken = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        modelFirstToken = emitted;
                        firstTokenReceivedAt = receivedAt;
                    }

                    break;
                case "RUN_FINISHED":
                    finished = true;
                    break;
            }
        }

        var path = new FirstTokenPath(
            answeredAt - startedAt, openedAt - startedAt, runStartedAt - startedAt, modelStarted - startedAt, modelFirstToken - startedAt, firstTokenReceivedAt - startedAt);
        return new RunObservation(
            events, tokens, firstToken, modelFirstToken - modelStarted, latencies, receivedAts, (firstTokenAt, lastTokenAt), finished, gapFree, path);
    }

    private async Task<string> PostAsync(string url, object body)
    {
        var response = await http.PostAsJsonAsync(url, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
}
