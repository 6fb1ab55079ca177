using System.Net;
using Everruns.Tests.Infrastructure;
using Npgsql;

namespace Everruns.Tests.BadInput;

/// <summary>
/// The valid things the malformed requests aim at, on an API whose runs stay pending: an agent, one to change,
/// a thread for messages, a free thread for new runs, a pending run, a run waiting for the approval of a tool
/// call, and an AG-UI thread whose run is still active.
/// </summary>
public sealed record BadInputWorld(
    string AgentId,
    string PatchedAgentId,
    string ThreadId,
    string FreeThreadId,
    string PendingRunId,
    string WaitingRunId,
    string ToolCallId,
    string BusyAgUiThreadId)
{
    public static async Task<BadInputWorld> CreateAsync(HttpClient client, string connectionString)
    {
        var agentId = (await client.CreateAgentAsync()).Id();
        var patchedAgentId = (await client.CreateAgentAsync()).Id();
        var threadId = (await client.CreateThreadAsync(agentId)).Id();
        await client.PostJsonAsync($"/v1/threads/{threadId}/messages", new { role = "user", content = "hello" }, HttpStatusCode.Created);
        var freeThreadId = (await client.CreateThreadAsync(agentId)).Id();
        var pendingRunId = await StartRunAsync(client, agentId);
        var waitingRunId = await StartRunAsync(client, agentId);
        const string ToolCallId = "call_seed";
        await WaitForApprovalAsync(connectionString, waitingRunId, ToolCallId);
        const string BusyAgUiThreadId = "agui-busy";
        await StartAgUiRunAsync(client, agentId, BusyAgUiThreadId);
        return new(agentId, patchedAgentId, threadId, freeThreadId, pendingRunId, waitingRunId, ToolCallId, BusyAgUiThreadId);
    }

    private static async Task<string> StartRunAsync(HttpClient client, string agentId)
    {
        var thread = await client.CreateThreadAsync(agentId);
        return (await client.PostJsonAsync("/v1/runs", new { thread_id = thread.Id() }, HttpStatusCode.Created)).Id();
    }

    /// <summary>Puts the run where a runner leaves it when a tool call needs approval.</summary>
    private static async Task WaitForApprovalAsync(string connectionString, string runId, string toolCallId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            UPDATE runs SET status = 'running' WHERE id = @run;
            UPDATE runs SET status = 'waiting' WHERE id = @run;
            INSERT INTO tool_approvals (run_id, tool_call_id, tool_name, arguments) VALUES (@run, @call, 'lookup', '{"q": "x"}');
            """,
            connection);
        command.Parameters.AddWithValue("run", Guid.Parse(runId));
        command.Parameters.AddWithValue("call", toolCallId);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task StartAgUiRunAsync(HttpClient client, string agentId, string threadId)
    {
        var input = new
        {
            threadId,
            runId = "agui-busy-run",
            messages = new[] { new { id = "busy-message", role = "user", content = "hello" } },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/ag-ui?agent_id={agentId}") { Content = Json.Body(input) };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
