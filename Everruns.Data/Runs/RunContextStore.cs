using Dapper;
using Everruns.Data.Agents;
using Everruns.Data.Approvals;
using Everruns.Data.Secrets;
using Everruns.Data.Threads;
using Npgsql;

namespace Everruns.Data.Runs;

/// <summary>What a run's steps work from: its agent (null when it no longer exists), its thread's messages and its approvals.</summary>
public sealed record RunContext(Agent? Agent, IReadOnlyList<Message> Messages, IReadOnlyList<ToolApproval> Approvals);

/// <summary>Reads a run's context in one round trip to the database: it is on the path to a run's first token.</summary>
public sealed class RunContextStore(NpgsqlDataSource dataSource, ToolSecretProtection secrets)
{
    public async Task<RunContext> LoadAsync(Run run, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            $"{AgentStore.SelectById};\n{MessageStore.SelectAllOfThread};\n{ToolApprovalStore.SelectAllOfRun}",
            new { id = run.AgentId, threadId = run.ThreadId, runId = run.Id },
            cancellationToken: cancellationToken));
        var agent = (await results.ReadSingleOrDefaultAsync<AgentStore.AgentRow>())?.ToAgent(secrets);
        var messages = (await results.ReadAsync<MessageStore.MessageRow>()).Select(row => row.ToMessage()).ToList();
        var approvals = (await results.ReadAsync<ToolApprovalStore.ApprovalRow>()).Select(row => row.ToApproval()).ToList();
        return new RunContext(agent, messages, approvals);
    }
}
