using System.Text;
using System.Text.Json;
using Everruns.Api.Apis;
using Everruns.Api.Auth;
using Everruns.Api.Http;
using Everruns.Api.Streaming;
using Everruns.Data;
using Everruns.Data.Agents;
using Everruns.Data.AgUi;
using Everruns.Data.Events;
using Everruns.Data.Keys;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Worker.Runners;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Everruns.Api.Mcp;

/// <summary>
/// <c>run_agent</c> of the MCP server: stores the message, starts a run as <c>POST /v1/runs</c> does, follows its
/// events (reporting the answer as progress while it streams), and answers with the agent's final text. A call the
/// client cancels cancels the run; a client that just goes away leaves the run going, as on <c>/v1</c>.
/// </summary>
public sealed class McpAgentRuns(
    AgentStore agents,
    ThreadStore threads,
    MessageStore messages,
    RunStore runs,
    IRunExecution execution,
    RunEventFollower follower,
    ApiKeyStore keys,
    KeyLimitOptions limits,
    IHttpContextAccessor http,
    ILogger<McpAgentRuns> logger)
{
    public async Task<CallToolResult> RunAsync(
        Guid agentId, string message, Guid? threadId, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message) || message.Length > ThreadsApi.MaxMessageLength)
        {
            throw new McpException($"message must be 1 to {ThreadsApi.MaxMessageLength} characters and not blank.");
        }

        var agent = await agents.GetAsync(agentId, cancellationToken) ?? throw new McpException($"There is no agent {agentId}; list_agents gives the ids.");
        if (agent.Status == AgentStatus.Archived)
        {
            throw new McpException($"Agent {agentId} is archived: it cannot run.");
        }

        var keyId = http.HttpContext?.User.KeyId();
        if (keyId is { } key && await keys.CountActiveRunsAsync(key, cancellationToken) >= limits.MaxConcurrentRunsPerKey)
        {
            throw new McpException($"This API key has {limits.MaxConcurrentRunsPerKey} active runs, its limit; wait for one to end.");
        }

        var thread = await ThreadAsync(agent, threadId, cancellationToken);
        await messages.AddAsync(new NewMessage(thread.Id, MessageRole.User, message), cancellationToken);
        var run = await execution.StartAsync(new NewRun(agent.Id, thread.Id, null, CreatedBy: keyId), cancellationToken) switch
        {
            RunCreation.Created created => created.Run,
            RunCreation.ThreadBusy busy => throw new McpException($"Thread {thread.Id} already has an active run, {busy.ActiveRunId}."),
            var other => throw new McpException($"The run could not be started ({other.GetType().Name})."),
        };

        try
        {
            await FollowAsync(run.Id, progress, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("The MCP client cancelled run_agent; cancelling run {RunId}", run.Id);
            await execution.CancelAsync(run.Id, CancellationToken.None);
            throw;
        }

        return await AnswerAsync(run.Id, cancellationToken);
    }

    private async Task<AgentThread> ThreadAsync(Agent agent, Guid? threadId, CancellationToken cancellationToken)
    {
        if (threadId is not { } id)
        {
            return await threads.CreateAsync(new NewThread(agent.Id, "From an MCP client", null), cancellationToken);
        }

        var thread = await threads.GetAsync(id, cancellationToken) ?? throw new McpException($"There is no thread {id}.");
        var newest = (await runs.ListAsync(new RunFilter(null, null, thread.Id), new PageRequest(1, 0), cancellationToken)).Data.FirstOrDefault();
        if (newest is { Status: RunStatus.Pending or RunStatus.Running or RunStatus.Waiting })
        {
            throw new McpException($"Thread {id} already has an active run, {newest.Id}; wait for it to end (get_run) first.");
        }

        return thread;
    }

    /// <summary>Follows the run's turn to its end, reporting the text the agent streams (and the tools it calls) as progress.</summary>
    private async Task FollowAsync(Guid runId, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        using var follow = await follower.StartAsync(runId, 0, cancellationToken)
            ?? throw new InvalidOperationException($"Run {runId} was started but cannot be found.");
        long streamed = 0;
        await foreach (var batch in follow.ReadAsync(cancellationToken))
        {
            var text = new StringBuilder();
            foreach (var @event in batch)
            {
                switch (AgUiJson.Deserialize(@event.Json))
                {
                    case TextMessageContentEvent content:
                        text.Append(content.Delta);
                        break;
                    case ToolCallStartEvent call:
                        text.Append($"\n[calling {call.ToolCallName}]\n");
                        break;
                }
            }

            if (text.Length > 0)
            {
                streamed += text.Length;
                progress.Report(new ProgressNotificationValue { Progress = streamed, Message = text.ToString() });
            }
        }
    }

    private async Task<CallToolResult> AnswerAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"Run {runId} is gone.");
        var status = JsonSerializer.Serialize(new { run_id = run.Id, thread_id = run.ThreadId, status = run.Status.ToString().ToLowerInvariant() });
        string text;
        var isError = false;
        switch (run.Status)
        {
            case RunStatus.Completed:
                var own = (await messages.ListAllAsync(run.ThreadId, cancellationToken)).Where(m => m.RunId == run.Id && m.Role == MessageRole.Assistant);
                text = own.LastOrDefault()?.Content ?? "";
                break;
            case RunStatus.Waiting:
                text = $"The agent wants to call a tool that needs a person's approval; the run waits for it (POST /v1/runs/{run.Id}/approvals).";
                break;
            case RunStatus.Cancelled:
                text = "The run was cancelled.";
                isError = true;
                break;
            default:
                text = $"The run failed: {run.Error ?? "no reason was given."}";
                isError = true;
                break;
        }

        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = text }, new TextContentBlock { Text = status }],
            IsError = isError,
        };
    }
}
