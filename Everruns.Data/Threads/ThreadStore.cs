using System.Text.Json;
using Dapper;
using Everruns.Data.Database;
using Npgsql;

namespace Everruns.Data.Threads;

public sealed record NewThread(Guid? AgentId, string? Title, JsonElement? Metadata);

public sealed class ThreadStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, agent_id, title, metadata::text AS metadata, created_at, updated_at";

    public async Task<AgentThread> CreateAsync(NewThread thread, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<ThreadRow>(new CommandDefinition(
            $"""
            INSERT INTO threads (agent_id, title, metadata)
            VALUES (@AgentId, @Title, coalesce(@Metadata::jsonb, jsonb_build_object()))
            RETURNING {Columns}
            """,
            new { thread.AgentId, thread.Title, Metadata = thread.Metadata?.GetRawText() },
            cancellationToken: cancellationToken));
        return row.ToThread();
    }

    /// <summary>The thread an AG-UI client knows by <paramref name="externalId"/>, made on first use.</summary>
    public async Task<AgentThread> GetOrCreateByExternalIdAsync(string externalId, Guid agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<ThreadRow>(new CommandDefinition(
            $"""
            INSERT INTO threads (agent_id, external_id, title, metadata)
            VALUES (@agentId, @externalId, NULL, jsonb_build_object('agui_thread_id', @externalId::text))
            ON CONFLICT (external_id) WHERE external_id IS NOT NULL DO UPDATE SET updated_at = threads.updated_at
            RETURNING {Columns}
            """,
            new { agentId, externalId },
            cancellationToken: cancellationToken));
        return row.ToThread();
    }

    public async Task<AgentThread?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ThreadRow>(new CommandDefinition(
            $"SELECT {Columns} FROM threads WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToThread();
    }

    public async Task<Page<AgentThread>> ListAsync(Guid? agentId, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { AgentId = agentId, page.Limit, page.Offset };
        const string Filter = "WHERE (@AgentId::uuid IS NULL OR agent_id = @AgentId)";
        var rows = await connection.QueryAsync<ThreadRow>(new CommandDefinition(
            $"SELECT {Columns} FROM threads {Filter} ORDER BY created_at DESC, id DESC LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM threads {Filter}", parameters, cancellationToken: cancellationToken));
        return new Page<AgentThread>([.. rows.Select(r => r.ToThread())], total, page.Limit, page.Offset);
    }

    private sealed class ThreadRow
    {
        public Guid Id { get; init; }
        public Guid? AgentId { get; init; }
        public string? Title { get; init; }
        public string Metadata { get; init; } = "{}";
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public AgentThread ToThread() => new(
            Id, AgentId, Title, Json.EverrunsJson.ParseElement(Metadata), CreatedAt.ToOffset(), UpdatedAt.ToOffset());
    }
}
