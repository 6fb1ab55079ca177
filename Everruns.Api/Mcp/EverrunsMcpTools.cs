using System.ComponentModel;
using System.Text.Json;
using Everruns.Api.Contracts;
using Everruns.Data;
using Everruns.Data.Agents;
using Everruns.Data.Json;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Everruns.Api.Mcp;

/// <summary>The tools Everruns offers MCP clients. Their answers are JSON in the public API's shape, or an agent's text.</summary>
[McpServerToolType]
public sealed class EverrunsMcpTools
{
    [McpServerTool(Name = "list_agents", Title = "List agents", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Lists the active agents of Everruns, newest first: each with its id (pass it to run_agent), name, description and model. "
        + "Answers JSON: {\"data\": [...], \"total\", \"limit\", \"offset\"}.")]
    public static async Task<string> ListAgents(
        AgentStore agents,
        [Description("How many agents to return, 1 to 200 (default 50).")] int limit = 50,
        [Description("How many agents to skip, for the next page (default 0).")] int offset = 0,
        CancellationToken cancellationToken = default)
    {
        var page = await agents.ListAsync(AgentStatus.Active, Page(limit, offset), cancellationToken);
        return Json(new
        {
            data = page.Data.Select(agent => new { agent.Id, agent.Name, agent.Description, model = agent.DefaultModelId, agent.CreatedAt }),
            page.Total,
            page.Limit,
            page.Offset,
        });
    }

    [McpServerTool(Name = "run_agent", Title = "Ask an agent", OpenWorld = true, Destructive = false)]
    [Description("Sends a message to an Everruns agent and waits for its answer, which is returned as text (the agent may call its own tools "
        + "on the way). Without thread_id a new conversation (thread) is started; pass the thread_id of an earlier answer to continue that "
        + "conversation. The answer ends with a line of JSON giving run_id, thread_id and status. Progress notifications carry the answer "
        + "as it streams when the client asks for them; cancelling the call cancels the run.")]
    public static Task<CallToolResult> RunAgent(
        McpAgentRuns runs,
        [Description("The id of the agent to ask (from list_agents).")] Guid agent_id,
        [Description("The message to send to the agent, as a user would write it.")] string message,
        IProgress<ProgressNotificationValue> progress,
        [Description("The id of a thread to continue (from an earlier run_agent answer); leave it out to start a new conversation.")] Guid? thread_id = null,
        CancellationToken cancellationToken = default) =>
        runs.RunAsync(agent_id, message, thread_id, progress, cancellationToken);

    [McpServerTool(Name = "get_run", Title = "Get a run", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Tells how a run stands: its status (pending, running, waiting for a tool approval, completed, failed, cancelled), its error "
        + "if it failed, its agent and thread, and its token usage. Answers JSON.")]
    public static async Task<string> GetRun(
        RunStore runs,
        [Description("The id of the run (run_id in a run_agent answer).")] Guid run_id,
        CancellationToken cancellationToken = default)
    {
        var run = await runs.GetAsync(run_id, cancellationToken) ?? throw new McpException($"There is no run {run_id}.");
        return Json(RunResponse.From(run));
    }

    [McpServerTool(Name = "list_messages", Title = "List a thread's messages", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Lists the messages of a thread (a conversation with an agent), oldest first: user messages, the agent's answers with the "
        + "tool calls it made, and the tools' results. Answers JSON: {\"data\": [...], \"total\", \"limit\", \"offset\"}.")]
    public static async Task<string> ListMessages(
        ThreadStore threads,
        MessageStore messages,
        [Description("The id of the thread (thread_id in a run_agent answer).")] Guid thread_id,
        [Description("How many messages to return, 1 to 200 (default 50).")] int limit = 50,
        [Description("How many messages to skip, for the next page (default 0).")] int offset = 0,
        CancellationToken cancellationToken = default)
    {
        if (await threads.GetAsync(thread_id, cancellationToken) is null)
        {
            throw new McpException($"There is no thread {thread_id}.");
        }

        var page = await messages.ListAsync(thread_id, Page(limit, offset), cancellationToken);
        return Json(new { data = page.Data.Select(MessageResponse.From), page.Total, page.Limit, page.Offset });
    }

    internal static string Json<T>(T value) => JsonSerializer.Serialize(value, EverrunsJson.Options);

    private static PageRequest Page(int limit, int offset)
    {
        if (limit is < 1 or > 200 || offset < 0)
        {
            throw new McpException("limit is 1 to 200 and offset is 0 or more.");
        }

        return new PageRequest(limit, offset);
    }
}
