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
    /// <summary>
    /// The agent (<c>@AgentId</c>, else the thread's) and the messages of the thread <c>@ThreadId</c>: a run being
    /// created can read them in the command that creates it, and start without a round trip of its own.
    /// </summary>
    internal const string SelectAgentAndMessages = $"{AgentStore.SelectOfRun};\n{MessageStore.SelectAllOfThread}";

    public async Task<RunContext> LoadAsync(Run run, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            $"{SelectAgentAndMessages};\n{ToolApprovalStore.SelectAllOfRun}",
            new { run.AgentId, run.ThreadId, runId = run.Id },
            cancellationToken: cancellationToken));
        var (agent, messages) = await ReadAgentAndMessagesAsync(results);
        var approvals = (await results.ReadAsync<ToolApprovalStore.ApprovalRow>()).Select(row => row.ToApproval()).ToList();
        return new RunContext(agent, messages, approvals);
    }

    /// <summary>Reads the results of <see cref="SelectAgentAndMessages"/> for a new run, which has no approvals yet.</summary>
    internal async Task<RunContext> ReadNewRunAsync(SqlMapper.GridReader results)
    {
        var (agent, messages) = await ReadAgentAndMessagesAsync(results);
        return new RunContext(agent, messages, []);
    }

    private async Task<(Agent? Agent, List<Message> Messages)> ReadAgentAndMessagesAsync(SqlMapper.GridReader results)
    {
        var agent = (await results.ReadSingleOrDefaultAsync<AgentStore.AgentRow>())?.ToAgent(secrets);
        var messages = (await results.ReadAsync<MessageStore.MessageRow>()).Select(row => row.ToMessage()).ToList();
        return (agent, messages);
    }
}
