using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Json;
using Everruns.Data.Secrets;
using Npgsql;

namespace Everruns.Data.Agents;

public sealed record NewAgent(string Name, string? Description, string DefaultModelId, AgentDefinition Definition);

public sealed record AgentChanges(
    string? Name,
    string? Description,
    string? DefaultModelId,
    AgentDefinition? Definition,
    AgentStatus? Status);

/// <summary>Agents in PostgreSQL. Tool secrets are encrypted on the way in and decrypted on the way out.</summary>
public sealed class AgentStore(NpgsqlDataSource dataSource, ToolSecretProtection secrets)
{
    private const string Columns = "id, name, description, default_model_id, definition::text AS definition, status, created_at, updated_at";

    internal const string SelectById = $"SELECT {Columns} FROM agents WHERE id = @id";

    /// <summary>The agent named by <c>@AgentId</c>, else the one of the thread <c>@ThreadId</c>.</summary>
    internal const string SelectOfRun = $"SELECT {Columns} FROM agents WHERE id = coalesce(@AgentId, (SELECT agent_id FROM threads WHERE id = @ThreadId))";

    public async Task<Agent> CreateAsync(NewAgent agent, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<AgentRow>(new CommandDefinition(
            $"""
            INSERT INTO agents (name, description, default_model_id, definition)
            VALUES (@Name, @Description, @DefaultModelId, @Definition::jsonb)
            RETURNING {Columns}
            """,
            new { agent.Name, agent.Description, agent.DefaultModelId, Definition = EverrunsJson.Serialize(secrets.Seal(agent.Definition)) },
            cancellationToken: cancellationToken));
        return row.ToAgent(secrets);
    }

    public async Task<Agent?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AgentRow>(new CommandDefinition(
            SelectById, new { id }, cancellationToken: cancellationToken));
        return row?.ToAgent(secrets);
    }

    public async Task<Page<Agent>> ListAsync(AgentStatus? status, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { Status = status?.ToDb(), page.Limit, page.Offset };
        const string Filter = "WHERE (@Status::text IS NULL OR status = @Status)";
        var rows = await connection.QueryAsync<AgentRow>(new CommandDefinition(
            $"SELECT {Columns} FROM agents {Filter} ORDER BY created_at DESC, id DESC LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM agents {Filter}", parameters, cancellationToken: cancellationToken));
        return new Page<Agent>([.. rows.Select(r => r.ToAgent(secrets))], total, page.Limit, page.Offset);
    }

    public async Task<Agent?> UpdateAsync(Guid id, AgentChanges changes, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AgentRow>(new CommandDefinition(
            $"""
            UPDATE agents SET
                name = coalesce(@Name, name),
                description = coalesce(@Description, description),
                default_model_id = coalesce(@DefaultModelId, default_model_id),
                definition = coalesce(@Definition::jsonb, definition),
                status = coalesce(@Status, status),
                updated_at = now()
            WHERE id = @id
            RETURNING {Columns}
            """,
            new
            {
                id,
                changes.Name,
                changes.Description,
                changes.DefaultModelId,
                Definition = changes.Definition is null ? null : EverrunsJson.Serialize(secrets.Seal(changes.Definition)),
                Status = changes.Status?.ToDb(),
            },
            cancellationToken: cancellationToken));
        return row?.ToAgent(secrets);
    }

    public Task<Agent?> ArchiveAsync(Guid id, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, new AgentChanges(null, null, null, null, AgentStatus.Archived), cancellationToken);

    internal sealed class AgentRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string? Description { get; init; }
        public string DefaultModelId { get; init; } = "";
        public string Definition { get; init; } = "{}";
        public string Status { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public Agent ToAgent(ToolSecretProtection secrets) => new(
            Id,
            Name,
            Description,
            DefaultModelId,
            OpenDefinition(secrets),
            DbValues.ParseEnum<AgentStatus>(Status),
            CreatedAt.ToOffset(),
            UpdatedAt.ToOffset());

        private AgentDefinition OpenDefinition(ToolSecretProtection secrets)
        {
            try
            {
                return secrets.Open(EverrunsJson.Deserialize<AgentDefinition>(Definition));
            }
            catch (SecretProtectionException e)
            {
                throw new SecretProtectionException($"Agent {Id}: {e.Message}", e);
            }
        }
    }
}
