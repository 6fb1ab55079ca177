using System.Text.Json;
using Dapper;
using Everruns.Data.Database;
using Npgsql;

namespace Everruns.Data.Threads;

public sealed record NewMessage(
    Guid ThreadId,
    MessageRole Role,
    string Content,
    Guid? RunId = null,
    JsonElement? ToolCalls = null,
    string? ToolCallId = null,
    string? ExternalId = null,
    Guid? Id = null);

public sealed class MessageStore(NpgsqlDataSource dataSource)
{
    internal const string Columns = "id, thread_id, run_id, role, content, tool_calls::text AS tool_calls, tool_call_id, external_id, cut_short, created_at";

    internal const string SelectAllOfThread = $"SELECT {Columns} FROM messages WHERE thread_id = @ThreadId ORDER BY created_at, id";

    public async Task<Message> AddAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await AddAsync(connection, null, message, cancellationToken);
    }

    public static async Task<Message> AddAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        NewMessage message,
        CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleAsync<MessageRow>(new CommandDefinition(
            $"""
            INSERT INTO messages (id, thread_id, run_id, role, content, tool_calls, tool_call_id, external_id)
            VALUES (coalesce(@Id, uuidv7()), @ThreadId, @RunId, @Role, @Content, @ToolCalls::jsonb, @ToolCallId, @ExternalId)
            ON CONFLICT (id) DO UPDATE SET id = excluded.id
            RETURNING {Columns}
            """,
            new
            {
                message.Id,
                message.ThreadId,
                message.RunId,
                Role = message.Role.ToDb(),
                message.Content,
                ToolCalls = message.ToolCalls?.GetRawText(),
                message.ToolCallId,
                message.ExternalId,
            },
            transaction,
            cancellationToken: cancellationToken));
        return row.ToMessage();
    }

    /// <summary>
    /// Stores the messages a client sent that the thread does not have yet: a message counts as stored when its
    /// id is one of ours or the id a client gave it before. Returns how many were new.
    /// </summary>
    public async Task<int> ImportAsync(Guid threadId, IReadOnlyList<NewMessage> messages, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var known = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id::text FROM messages WHERE thread_id = @threadId UNION ALL SELECT external_id FROM messages WHERE thread_id = @threadId AND external_id IS NOT NULL",
            new { threadId }, transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var message in messages.Where(m => m.ExternalId is null || !known.Contains(m.ExternalId)))
        {
            added += await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO messages (thread_id, role, content, tool_calls, tool_call_id, external_id)
                VALUES (@ThreadId, @Role, @Content, @ToolCalls::jsonb, @ToolCallId, @ExternalId)
                ON CONFLICT DO NOTHING
                """,
                new
                {
                    ThreadId = threadId,
                    Role = message.Role.ToDb(),
                    message.Content,
                    ToolCalls = message.ToolCalls?.GetRawText(),
                    message.ToolCallId,
                    message.ExternalId,
                },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<Page<Message>> ListAsync(Guid threadId, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { threadId, page.Limit, page.Offset };
        var rows = await connection.QueryAsync<MessageRow>(new CommandDefinition(
            $"SELECT {Columns} FROM messages WHERE thread_id = @threadId ORDER BY created_at, id LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM messages WHERE thread_id = @threadId", parameters, cancellationToken: cancellationToken));
        return new Page<Message>([.. rows.Select(r => r.ToMessage())], total, page.Limit, page.Offset);
    }

    /// <summary>All messages of a thread, oldest first: the conversation a model sees.</summary>
    public async Task<IReadOnlyList<Message>> ListAllAsync(Guid threadId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MessageRow>(new CommandDefinition(
            SelectAllOfThread,
            new { ThreadId = threadId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToMessage())];
    }

    internal sealed class MessageRow
    {
        public Guid Id { get; init; }
        public Guid ThreadId { get; init; }
        public Guid? RunId { get; init; }
        public string Role { get; init; } = "";
        public string Content { get; init; } = "";
        public string? ToolCalls { get; init; }
        public string? ToolCallId { get; init; }
        public string? ExternalId { get; init; }
        public bool CutShort { get; init; }
        public DateTime CreatedAt { get; init; }

        public Message ToMessage() => new(
            Id, ThreadId, RunId, DbValues.ParseEnum<MessageRole>(Role), Content,
            DbValues.ParseJsonOrNull(ToolCalls), ToolCallId, CreatedAt.ToOffset())
        {
            ExternalId = ExternalId,
            CutShort = CutShort,
        };
    }
}
