using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;
using Npgsql;

namespace Everruns.Tests.Scenarios;

/// <summary>A scenario's run, driven through the public API as a user would, on any <see cref="IScenarioStack"/>.</summary>
public sealed class ScenarioRun(IScenarioStack stack, Scenario scenario, WebhookReceiver receiver)
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);
    private Task? agUiStream;

    public Guid RunId { get; private set; }

    public HttpClient Client => stack.Client;

    public async Task StartAsync()
    {
        var agent = await Client.CreateAgentAsync(definition: scenario.Agent(receiver.Url));
        if (scenario.ClientTools is { } tools)
        {
            await StartWithAgUiAsync(agent.Id(), tools);
            return;
        }

        var (_, run) = await Client.AskAsync(agent, scenario.Message);
        RunId = Guid.Parse(run.Id());
    }

    public async Task WaitForStatusAsync(string status, TimeSpan? timeout = null) =>
        await Client.WaitForStatusAsync(RunId.ToString(), status, timeout ?? DefaultWait);

    public async Task WaitForEndAsync(TimeSpan? timeout = null)
    {
        await Client.WaitForEndAsync(RunId.ToString(), timeout ?? DefaultWait);
        if (agUiStream is not null)
        {
            await agUiStream.WaitAsync(DefaultWait);
        }
    }

    /// <summary>Waits until some of the model's answer is stored, so that what comes next interrupts it.</summary>
    public async Task WaitUntilStreamingAsync()
    {
        var deadline = DateTime.UtcNow + DefaultWait;
        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        while (!await connection.ExecuteScalarAsync<bool>(
            "SELECT count(*) >= 2 FROM run_events WHERE run_id = @RunId AND type = 'TEXT_MESSAGE_CONTENT'", new { RunId }))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Run {RunId} never started streaming its answer.");
            await Task.Delay(50);
        }
    }

    /// <summary>Answers the run's pending approval through the REST API.</summary>
    public async Task AnswerApprovalAsync(string decision, object? arguments = null, string? reason = null)
    {
        await WaitForStatusAsync("waiting");
        var approvals = await Client.GetJsonAsync($"/v1/runs/{RunId}/approvals");
        var pending = approvals["data"]!.AsArray().First(a => a!["status"]!.GetValue<string>() == "pending")!;
        var answer = new Dictionary<string, object?>
        {
            ["tool_call_id"] = pending["tool_call_id"]!.GetValue<string>(),
            ["decision"] = decision,
            ["arguments"] = arguments,
            ["reason"] = reason,
        };
        await Client.PostJsonAsync(
            $"/v1/runs/{RunId}/approvals", answer.Where(a => a.Value is not null).ToDictionary(), HttpStatusCode.OK);
    }

    /// <summary>Waits until the scenario's webhook receiver has been called <paramref name="count"/> times.</summary>
    public async Task WaitForWebhookRequestsAsync(int count)
    {
        var deadline = DateTime.UtcNow + DefaultWait;
        while (receiver.Requests.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The webhook receiver got {receiver.Requests.Count} requests, not {count}.");
            await Task.Delay(50);
        }
    }

    public async Task CancelAsync() => await Client.PostJsonAsync($"/v1/runs/{RunId}/cancel", new { }, HttpStatusCode.OK);

    public Task CrashAsync() => stack.CrashAsync();

    public Task<ScenarioOutcome> ReadOutcomeAsync() => ScenarioOutcome.ReadAsync(stack.ConnectionString, RunId, receiver.Requests);

    /// <summary>Starts the run as an AG-UI client does, offering its tools, and reads the turn's stream in the background.</summary>
    private async Task StartWithAgUiAsync(string agentId, IReadOnlyList<object> tools)
    {
        var input = new
        {
            threadId = $"client-thread-{Guid.NewGuid():N}",
            runId = $"client-run-{Guid.NewGuid():N}",
            messages = new[] { new { id = $"client-message-{Guid.NewGuid():N}", role = "user", content = scenario.Message } },
            tools,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/ag-ui?agent_id={agentId}") { Content = Json.Body(input) };
        var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        agUiStream = response.Content.ReadAsStringAsync().ContinueWith(_ => response.Dispose(), TaskScheduler.Default);

        var runs = await Client.GetJsonAsync($"/v1/runs?agent_id={agentId}");
        RunId = Guid.Parse(Assert.Single(runs["data"]!.AsArray())!.Id());
    }
}
