using System.Text.Json;
using Dapper;
using Everruns.Data.AgUi;
using Everruns.Tests.Tools;
using Npgsql;

namespace Everruns.Tests.Scenarios;

/// <summary>A run as stored, read straight from the database, the same way whichever runner executed it.</summary>
public sealed record ScenarioOutcome(
    StoredRun Run,
    IReadOnlyList<AgUiEvent> Events,
    IReadOnlyList<StoredMessage> Messages,
    IReadOnlyList<StoredApproval> Approvals,
    IReadOnlyList<ReceivedRequest> WebhookRequests)
{
    /// <summary>The messages the run wrote, oldest first.</summary>
    public IReadOnlyList<StoredMessage> RunMessages => [.. Messages.Where(m => m.RunId == Run.Id)];

    /// <summary>The conversation as a client that applied the run's events (as <c>@ag-ui/client</c> does) shows it.</summary>
    public IReadOnlyList<AgUiClientView.ViewMessage> ClientView => AgUiClientView.Apply(Events);

    public string EventTypes => string.Join(", ", Events.Select(e => e.Type));

    public static async Task<ScenarioOutcome> ReadAsync(string connectionString, Guid runId, IReadOnlyList<ReceivedRequest> webhookRequests)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var run = await connection.QuerySingleAsync<StoredRun>(
            "SELECT id, thread_id AS ThreadId, status, attempt, error, input_tokens AS InputTokens, output_tokens AS OutputTokens FROM runs WHERE id = @runId", new { runId });
        var payloads = await connection.QueryAsync<string>(
            "SELECT payload::text FROM run_events WHERE run_id = @runId ORDER BY seq", new { runId });
        var messages = await connection.QueryAsync<StoredMessage>(
            """
            SELECT id, run_id AS RunId, role, content, tool_calls::text AS ToolCalls, tool_call_id AS ToolCallId, cut_short AS CutShort
            FROM messages WHERE thread_id = @threadId ORDER BY created_at, id
            """,
            new { threadId = run.ThreadId });
        var approvals = await connection.QueryAsync<StoredApproval>(
            "SELECT tool_call_id AS ToolCallId, status FROM tool_approvals WHERE run_id = @runId ORDER BY created_at", new { runId });
        return new ScenarioOutcome(run, [.. payloads.Select(AgUiJson.Deserialize)], [.. messages], [.. approvals], webhookRequests);
    }
}

public sealed record StoredRun(Guid Id, Guid ThreadId, string Status, int Attempt, string? Error, long InputTokens, long OutputTokens);

public sealed record StoredMessage(Guid Id, Guid? RunId, string Role, string Content, string? ToolCalls, string? ToolCallId, bool CutShort)
{
    public IReadOnlyList<string> ToolCallIds => ToolCalls is null
        ? []
        : [.. JsonDocument.Parse(ToolCalls).RootElement.EnumerateArray().Select(call => call.GetProperty("id").GetString()!)];
}

public sealed record StoredApproval(string ToolCallId, string Status);
