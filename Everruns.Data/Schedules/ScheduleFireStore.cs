using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Threads;
using Npgsql;

namespace Everruns.Data.Schedules;

/// <summary>A fire about to start its run: the fire, and what it is started from.</summary>
public sealed record FireToStart(
    ScheduleFire Fire,
    Guid AgentId,
    bool AgentArchived,
    string Message,
    bool MessageStored,
    Guid? ActiveRunId);

/// <summary>
/// The fires of schedules: claimed once across all instances (the claim and the move of the schedule's next fire are
/// one transaction, under <c>FOR UPDATE SKIP LOCKED</c>), locked while their run is started, and finished with what
/// came of it. A fire whose instance died before finishing it is taken over once its lock has run out.
/// </summary>
public sealed class ScheduleFireStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, schedule_id, trigger, scheduled_for, fired_at, thread_id, new_thread, message_id, created_by, outcome, reason, detail, run_id";

    /// <summary>The columns of a fire aliased <c>f</c>, as <see cref="PrefixedFireRow"/> reads them.</summary>
    internal const string PrefixedColumns =
        "f.id AS fire_id, f.schedule_id AS fire_schedule_id, f.trigger AS fire_trigger, f.scheduled_for AS fire_scheduled_for, " +
        "f.fired_at AS fire_fired_at, f.thread_id AS fire_thread_id, f.new_thread AS fire_new_thread, f.message_id AS fire_message_id, " +
        "f.created_by AS fire_created_by, f.outcome AS fire_outcome, f.reason AS fire_reason, f.detail AS fire_detail, f.run_id AS fire_run_id";

    private const string Insert = $"""
        INSERT INTO schedule_fires (id, schedule_id, trigger, scheduled_for, fired_at, thread_id, new_thread, message_id, created_by,
                                    outcome, reason, detail, locked_until)
        VALUES (@Id, @ScheduleId, @Trigger, @ScheduledFor, @Now, coalesce(@ThreadId, @NewThreadId), @ThreadId::uuid IS NULL, @MessageId,
                @CreatedBy, @Outcome, @Reason, @Detail, CASE WHEN @Outcome::text IS NULL THEN @LockedUntil END)
        ON CONFLICT DO NOTHING
        RETURNING {Columns}
        """;

    /// <summary>
    /// Claims the fires of the active schedules due at <paramref name="now"/>: one per schedule, for its earliest due
    /// occurrence, however many it missed; the schedule then fires next at its first occurrence after now. A schedule
    /// that skips missed fires gets a fire recorded as skipped when it is later than <paramref name="missedGrace"/>.
    /// Returns the claimed fires whose runs are to be started, locked until <c>now + lease</c>.
    /// </summary>
    public async Task<IReadOnlyList<ScheduleFire>> ClaimDueAsync(
        DateTimeOffset now, TimeSpan lease, TimeSpan missedGrace, int limit, CancellationToken cancellationToken = default)
    {
        now = now.ToUniversalTime();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = await connection.QueryAsync<DueRow>(new CommandDefinition(
            """
            SELECT id, agent_id, thread_id, cron, timezone, missed_fires, next_fire_at, created_by
            FROM schedules
            WHERE status = 'active' AND next_fire_at <= @now
            ORDER BY next_fire_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """,
            new { now, limit }, transaction, cancellationToken: cancellationToken));

        var claimed = new List<ScheduleFire>();
        foreach (var schedule in due)
        {
            var scheduledFor = schedule.NextFireAt.ToOffset();
            var timetable = Timetable.TryCreate(schedule.Cron, schedule.Timezone, out _);
            var missed = schedule.MissedFires == "skip" && now - scheduledFor > missedGrace;
            var fire = await connection.QuerySingleOrDefaultAsync<FireRow>(new CommandDefinition(
                Insert,
                new
                {
                    Id = Guid.CreateVersion7(),
                    ScheduleId = schedule.Id,
                    Trigger = FireTrigger.Cron.ToDb(),
                    ScheduledFor = scheduledFor,
                    Now = now,
                    schedule.ThreadId,
                    NewThreadId = Guid.CreateVersion7(),
                    MessageId = Guid.CreateVersion7(),
                    schedule.CreatedBy,
                    Outcome = missed ? FireOutcome.Skipped.ToDb() : null,
                    Reason = missed ? SkipReasons.Missed : null,
                    Detail = missed ? $"It came {Math.Round((now - scheduledFor).TotalSeconds)} s late, and the schedule skips missed fires." : null,
                    LockedUntil = now + lease,
                },
                transaction,
                cancellationToken: cancellationToken));

            // A timetable that no longer reads (a time zone gone from the system) stops, rather than being claimed again and again.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE schedules SET next_fire_at = @next WHERE id = @id",
                new { id = schedule.Id, next = timetable?.NextAfter(now) },
                transaction,
                cancellationToken: cancellationToken));
            if (fire is { Outcome: null })
            {
                claimed.Add(fire.ToFire());
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Claims a fire of the schedule now, whatever its status ("run now"). Null when there is no such schedule.</summary>
    public async Task<ScheduleFire?> ClaimNowAsync(
        Guid scheduleId, DateTimeOffset now, TimeSpan lease, Guid? createdBy, CancellationToken cancellationToken = default)
    {
        now = now.ToUniversalTime();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<FireRow>(new CommandDefinition(
            $"""
            INSERT INTO schedule_fires (id, schedule_id, trigger, scheduled_for, fired_at, thread_id, new_thread, message_id, created_by, locked_until)
            SELECT @Id, s.id, @Trigger, @Now, @Now, coalesce(s.thread_id, @NewThreadId), s.thread_id IS NULL, @MessageId, @CreatedBy, @LockedUntil
            FROM schedules s WHERE s.id = @ScheduleId
            RETURNING {Columns}
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                ScheduleId = scheduleId,
                Trigger = FireTrigger.Manual.ToDb(),
                Now = now,
                NewThreadId = Guid.CreateVersion7(),
                MessageId = Guid.CreateVersion7(),
                CreatedBy = createdBy,
                LockedUntil = now + lease,
            },
            cancellationToken: cancellationToken));
        return row?.ToFire();
    }

    /// <summary>Takes over unfinished fires whose lock ran out (their instance died), locking them until <c>now + lease</c>.</summary>
    public async Task<IReadOnlyList<ScheduleFire>> TakeOverAbandonedAsync(
        DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken = default)
    {
        now = now.ToUniversalTime();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<FireRow>(new CommandDefinition(
            $"""
            UPDATE schedule_fires SET locked_until = @lockedUntil
            WHERE id IN (
                SELECT id FROM schedule_fires
                WHERE outcome IS NULL AND locked_until <= @now
                ORDER BY locked_until
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """,
            new { now, lockedUntil = now + lease, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToFire())];
    }

    /// <summary>When the scheduler has something to do next: the earliest due schedule, or the earliest lock of an unfinished fire to run out.</summary>
    public async Task<DateTimeOffset?> NextWakeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            """
            SELECT least(
                (SELECT min(next_fire_at) FROM schedules WHERE status = 'active'),
                (SELECT min(locked_until) FROM schedule_fires WHERE outcome IS NULL))
            """,
            cancellationToken: cancellationToken));
        return next.ToOffset();
    }

    /// <summary>The unfinished fire with what its run is started from; null when it is finished (or its schedule deleted).</summary>
    public async Task<FireToStart?> ReadToStartAsync(Guid fireId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ToStartRow>(new CommandDefinition(
            $"""
            SELECT {PrefixedColumns}, s.agent_id, a.status = 'archived' AS agent_archived, s.message,
                   EXISTS (SELECT 1 FROM messages m WHERE m.id = f.message_id) AS message_stored,
                   (SELECT r.id FROM runs r WHERE r.thread_id = f.thread_id AND r.status IN ('pending', 'running', 'waiting')) AS active_run_id
            FROM schedule_fires f
            JOIN schedules s ON s.id = f.schedule_id
            JOIN agents a ON a.id = s.agent_id
            WHERE f.id = @fireId AND f.outcome IS NULL
            """,
            new { fireId }, cancellationToken: cancellationToken));
        return row is null ? null : new FireToStart(row.ToFire()!, row.AgentId, row.AgentArchived, row.Message, row.MessageStored, row.ActiveRunId);
    }

    /// <summary>
    /// Writes the fire's user message, and first its thread when it starts one (named after the schedule), both under
    /// the ids chosen at the claim: doing it twice writes them once.
    /// </summary>
    public async Task WriteMessageAsync(FireToStart start, CancellationToken cancellationToken = default)
    {
        var fire = start.Fire;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (fire.NewThread)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO threads (id, agent_id, title, metadata)
                VALUES (@ThreadId, @AgentId, @Title, jsonb_build_object('schedule_id', @ScheduleId::text, 'scheduled_for', @ScheduledFor::text))
                ON CONFLICT (id) DO NOTHING
                """,
                new
                {
                    fire.ThreadId,
                    start.AgentId,
                    Title = ThreadTitle(start.Message),
                    fire.ScheduleId,
                    ScheduledFor = fire.ScheduledFor.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                },
                transaction,
                cancellationToken: cancellationToken));
        }

        await MessageStore.AddAsync(
            connection, transaction, new NewMessage(fire.ThreadId, MessageRole.User, start.Message, Id: fire.MessageId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records that the fire started its run.</summary>
    public Task StartedAsync(Guid fireId, Guid runId, CancellationToken cancellationToken = default) =>
        FinishAsync(fireId, FireOutcome.Started, runId, null, null, pauseSchedule: false, cancellationToken);

    /// <summary>Records that the fire started no run, and why; <paramref name="pauseSchedule"/> pauses the schedule in the same write.</summary>
    public Task SkippedAsync(Guid fireId, string reason, string detail, bool pauseSchedule, CancellationToken cancellationToken = default) =>
        FinishAsync(fireId, FireOutcome.Skipped, null, reason, detail, pauseSchedule, cancellationToken);

    public async Task<Page<ScheduleFire>> ListAsync(Guid scheduleId, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { scheduleId, page.Limit, page.Offset };
        var rows = await connection.QueryAsync<FireRow>(new CommandDefinition(
            $"SELECT {Columns} FROM schedule_fires WHERE schedule_id = @scheduleId ORDER BY fired_at DESC, id DESC LIMIT @Limit OFFSET @Offset",
            parameters, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM schedule_fires WHERE schedule_id = @scheduleId", parameters, cancellationToken: cancellationToken));
        return new Page<ScheduleFire>([.. rows.Select(r => r.ToFire())], total, page.Limit, page.Offset);
    }

    private async Task FinishAsync(
        Guid fireId, FireOutcome outcome, Guid? runId, string? reason, string? detail, bool pauseSchedule, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var scheduleId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            """
            WITH finished AS (
                UPDATE schedule_fires SET outcome = @Outcome, run_id = @RunId, reason = @Reason, detail = @Detail, locked_until = NULL
                WHERE id = @FireId AND outcome IS NULL
                RETURNING schedule_id
            ),
            paused AS (
                UPDATE schedules SET status = 'paused', next_fire_at = NULL, updated_at = now()
                WHERE @Pause AND id IN (SELECT schedule_id FROM finished) AND status = 'active'
                RETURNING id
            )
            SELECT id FROM paused
            """,
            new { FireId = fireId, Outcome = outcome.ToDb(), RunId = runId, Reason = reason, Detail = detail, Pause = pauseSchedule },
            cancellationToken: cancellationToken));
        if (scheduleId is { } paused)
        {
            await ScheduleStore.AnnounceAsync(connection, paused, cancellationToken);
        }
    }

    private static string ThreadTitle(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return "Scheduled: " + (line.Length <= 80 ? line : line[..80] + "…");
    }

    private sealed class DueRow
    {
        public Guid Id { get; init; }
        public Guid AgentId { get; init; }
        public Guid? ThreadId { get; init; }
        public string Cron { get; init; } = "";
        public string Timezone { get; init; } = "";
        public string MissedFires { get; init; } = "";
        public DateTime NextFireAt { get; init; }
        public Guid? CreatedBy { get; init; }
    }

    private sealed class FireRow
    {
        public Guid Id { get; init; }
        public Guid ScheduleId { get; init; }
        public string Trigger { get; init; } = "";
        public DateTime ScheduledFor { get; init; }
        public DateTime FiredAt { get; init; }
        public Guid ThreadId { get; init; }
        public bool NewThread { get; init; }
        public Guid MessageId { get; init; }
        public Guid? CreatedBy { get; init; }
        public string? Outcome { get; init; }
        public string? Reason { get; init; }
        public string? Detail { get; init; }
        public Guid? RunId { get; init; }

        public ScheduleFire ToFire() => new(
            Id, ScheduleId, DbValues.ParseEnum<FireTrigger>(Trigger), ScheduledFor.ToOffset(), FiredAt.ToOffset(), ThreadId, NewThread,
            MessageId, CreatedBy, Outcome is null ? FireOutcome.Pending : DbValues.ParseEnum<FireOutcome>(Outcome), Reason, Detail, RunId);
    }

    /// <summary>A fire read through <see cref="PrefixedColumns"/>, beside the row it belongs to; all null when there is none.</summary>
    internal class PrefixedFireRow
    {
        public Guid? FireId { get; init; }
        public Guid? FireScheduleId { get; init; }
        public string? FireTrigger { get; init; }
        public DateTime? FireScheduledFor { get; init; }
        public DateTime? FireFiredAt { get; init; }
        public Guid? FireThreadId { get; init; }
        public bool? FireNewThread { get; init; }
        public Guid? FireMessageId { get; init; }
        public Guid? FireCreatedBy { get; init; }
        public string? FireOutcome { get; init; }
        public string? FireReason { get; init; }
        public string? FireDetail { get; init; }
        public Guid? FireRunId { get; init; }

        public ScheduleFire? ToFire() => FireId is not { } id ? null : new(
            id, FireScheduleId!.Value, DbValues.ParseEnum<Schedules.FireTrigger>(FireTrigger!), FireScheduledFor!.Value.ToOffset(),
            FireFiredAt!.Value.ToOffset(), FireThreadId!.Value, FireNewThread!.Value, FireMessageId!.Value, FireCreatedBy,
            FireOutcome is null ? Schedules.FireOutcome.Pending : DbValues.ParseEnum<Schedules.FireOutcome>(FireOutcome),
            FireReason, FireDetail, FireRunId);
    }

    private sealed class ToStartRow : PrefixedFireRow
    {
        public Guid AgentId { get; init; }
        public bool AgentArchived { get; init; }
        public string Message { get; init; } = "";
        public bool MessageStored { get; init; }
        public Guid? ActiveRunId { get; init; }
    }
}
