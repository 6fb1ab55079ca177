using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Notifications;
using Npgsql;

namespace Everruns.Data.Schedules;

public sealed record NewSchedule(
    Guid AgentId,
    Guid? ThreadId,
    string Cron,
    string Timezone,
    string Message,
    MissedFires MissedFires,
    DateTimeOffset? NextFireAt,
    Guid? CreatedBy);

/// <summary>What a change sets; null leaves a field as it is. <see cref="Retimed"/>: the timetable changed, and <see cref="NextFireAt"/> with it.</summary>
public sealed record ScheduleChanges(
    Guid? ThreadId,
    string? Cron,
    string? Timezone,
    string? Message,
    MissedFires? MissedFires,
    bool Retimed,
    DateTimeOffset? NextFireAt);

public sealed record ScheduleFilter(Guid? AgentId, ScheduleStatus? Status);

/// <summary>
/// Schedules as stored. Every change of when a schedule fires is announced on
/// <see cref="NotificationChannels.SchedulesChanged"/>, so that the schedulers of every instance recompute their sleep.
/// </summary>
public sealed class ScheduleStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "s.id, s.agent_id, s.thread_id, s.cron, s.timezone, s.message, s.missed_fires, s.status, s.next_fire_at, s.created_by, " +
        "s.created_at, s.updated_at";

    /// <summary>The schedules with their latest fire.</summary>
    private const string Select = $"""
        SELECT {Columns}, {ScheduleFireStore.PrefixedColumns}
        FROM schedules s
        LEFT JOIN LATERAL (
            SELECT * FROM schedule_fires f WHERE f.schedule_id = s.id ORDER BY f.fired_at DESC, f.id DESC LIMIT 1
        ) f ON true
        """;

    public async Task<Schedule> CreateAsync(NewSchedule schedule, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
            """
            INSERT INTO schedules (agent_id, thread_id, cron, timezone, message, missed_fires, next_fire_at, created_by)
            VALUES (@AgentId, @ThreadId, @Cron, @Timezone, @Message, @MissedFires, @NextFireAt, @CreatedBy)
            RETURNING id
            """,
            new
            {
                schedule.AgentId,
                schedule.ThreadId,
                schedule.Cron,
                schedule.Timezone,
                schedule.Message,
                MissedFires = schedule.MissedFires.ToDb(),
                NextFireAt = schedule.NextFireAt?.ToUniversalTime(),
                schedule.CreatedBy,
            },
            cancellationToken: cancellationToken));
        await AnnounceAsync(connection, id, cancellationToken);
        return (await GetAsync(connection, id, cancellationToken))!;
    }

    public async Task<Schedule?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await GetAsync(connection, id, cancellationToken);
    }

    public async Task<Page<Schedule>> ListAsync(ScheduleFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { filter.AgentId, Status = filter.Status?.ToDb(), page.Limit, page.Offset };
        const string Filter = """
            WHERE (@AgentId::uuid IS NULL OR s.agent_id = @AgentId)
              AND (@Status::text IS NULL OR s.status = @Status)
            """;
        var rows = await connection.QueryAsync<ScheduleRow>(new CommandDefinition(
            $"{Select} {Filter} ORDER BY s.created_at DESC, s.id DESC LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM schedules s {Filter}", parameters, cancellationToken: cancellationToken));
        return new Page<Schedule>([.. rows.Select(r => r.ToSchedule())], total, page.Limit, page.Offset);
    }

    /// <summary>Applies the changes; a new timetable sets when it fires next (while it is active). Null when there is no such schedule.</summary>
    public Task<Schedule?> UpdateAsync(Guid id, ScheduleChanges changes, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            id,
            """
            UPDATE schedules SET
                thread_id = coalesce(@ThreadId, thread_id),
                cron = coalesce(@Cron, cron),
                timezone = coalesce(@Timezone, timezone),
                message = coalesce(@Message, message),
                missed_fires = coalesce(@MissedFires, missed_fires),
                next_fire_at = CASE WHEN @Retimed AND status = 'active' THEN @NextFireAt ELSE next_fire_at END,
                updated_at = now()
            WHERE id = @Id
            """,
            new
            {
                Id = id,
                changes.ThreadId,
                changes.Cron,
                changes.Timezone,
                changes.Message,
                MissedFires = changes.MissedFires?.ToDb(),
                changes.Retimed,
                NextFireAt = changes.NextFireAt?.ToUniversalTime(),
            },
            cancellationToken);

    /// <summary>Stops it firing until it is resumed.</summary>
    public Task<Schedule?> PauseAsync(Guid id, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            id,
            "UPDATE schedules SET status = 'paused', next_fire_at = NULL, updated_at = now() WHERE id = @Id AND status <> 'paused'",
            new { Id = id },
            cancellationToken);

    /// <summary>Lets a paused schedule fire again, next at <paramref name="nextFireAt"/>; an active one stays as it is.</summary>
    public Task<Schedule?> ResumeAsync(Guid id, DateTimeOffset? nextFireAt, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            id,
            "UPDATE schedules SET status = 'active', next_fire_at = @NextFireAt, updated_at = now() WHERE id = @Id AND status = 'paused'",
            new { Id = id, NextFireAt = nextFireAt?.ToUniversalTime() },
            cancellationToken);

    /// <summary>Deletes the schedule and the record of its fires; the threads and runs it made stay. False when there was none.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM schedules WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        if (deleted > 0)
        {
            await AnnounceAsync(connection, id, cancellationToken);
        }

        return deleted > 0;
    }

    /// <summary>Runs a change of one schedule, announces it when it changed anything, and reads the schedule back.</summary>
    private async Task<Schedule?> ChangeAsync(Guid id, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)) > 0)
        {
            await AnnounceAsync(connection, id, cancellationToken);
        }

        return await GetAsync(connection, id, cancellationToken);
    }

    private static async Task<Schedule?> GetAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ScheduleRow>(new CommandDefinition(
            $"{Select} WHERE s.id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSchedule();
    }

    internal static Task AnnounceAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_notify(@channel, @payload)",
            new { channel = NotificationChannels.SchedulesChanged, payload = id.ToString() },
            cancellationToken: cancellationToken));

    private sealed class ScheduleRow : ScheduleFireStore.PrefixedFireRow
    {
        public Guid Id { get; init; }
        public Guid AgentId { get; init; }
        public Guid? ThreadId { get; init; }
        public string Cron { get; init; } = "";
        public string Timezone { get; init; } = "";
        public string Message { get; init; } = "";
        public string MissedFires { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTime? NextFireAt { get; init; }
        public Guid? CreatedBy { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public Schedule ToSchedule() => new(
            Id, AgentId, ThreadId, Cron, Timezone, Message,
            DbValues.ParseEnum<MissedFires>(MissedFires), DbValues.ParseEnum<ScheduleStatus>(Status),
            NextFireAt.ToOffset(), CreatedBy, CreatedAt.ToOffset(), UpdatedAt.ToOffset())
        {
            LastFire = ToFire(),
        };
    }
}
