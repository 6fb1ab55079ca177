using Dapper;
using Everruns.Data.Database;
using Everruns.Data.Notifications;
using Everruns.Data.Runs;
using Npgsql;

namespace Everruns.Data.Webhooks;

/// <summary>
/// The outbox of completion webhooks. A delivery is queued in the same transaction that ends a run's turn
/// (<see cref="QueueForEndedTurnsSql"/>, used by the event writer), claimed by one deliverer at a time
/// (<c>FOR UPDATE SKIP LOCKED</c>, under a lease), and settled: delivered, tried again later, or given up. A delivery
/// whose deliverer died is claimed again once its lease has expired; its unfinished attempt is marked interrupted.
/// </summary>
public sealed class WebhookDeliveryStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// CTEs that queue a delivery for each run of the CTE <c>ended</c> (the runs whose turn this statement ended,
    /// with their new row) whose webhook is in the CTE <c>held</c> (their row as it was), with the error codes of
    /// <c>c</c>, and wake the deliverers. The main query must read <c>queued_notice</c> for the notice to go out.
    /// </summary>
    internal const string QueueForEndedTurnsSql = $"""
        queued AS (
            INSERT INTO webhook_deliveries (run_id, url, secret, run_status, error_code, error, final_answer, input_tokens, output_tokens, ended_at)
            SELECT e.id, h.webhook_url, h.webhook_secret, e.status, c.error_code, e.error,
                   (SELECT nullif(m.content, '') FROM messages m
                    WHERE m.thread_id = e.thread_id AND m.run_id = e.id AND m.role = 'assistant'
                    ORDER BY m.created_at DESC, m.id DESC LIMIT 1),
                   e.input_tokens, e.output_tokens, now()
            FROM ended e JOIN held h ON h.id = e.id JOIN c ON c.id = e.id
            WHERE h.webhook_url IS NOT NULL
            RETURNING id
        ),
        queued_notice AS (
            SELECT count(pg_notify('{NotificationChannels.WebhookDeliveries}', '')) AS n FROM (SELECT 1 FROM queued LIMIT 1) AS any_queued
        )
        """;

    private const string DeliveryColumns =
        "id, run_id, url, run_status, status, next_attempt_at, last_error, created_at, settled_at";

    private const string AttemptColumns = "delivery_id, attempt, started_at, finished_at, outcome, status_code, error";

    /// <summary>
    /// Claims up to <paramref name="max"/> due deliveries (not <paramref name="executing"/>, which this process is
    /// making already) for <paramref name="lease"/>, and records the attempt each is about to make.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(
        string owner, TimeSpan lease, int max, IReadOnlyCollection<Guid> executing, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimedRow>(new CommandDefinition(
            """
            WITH claimable AS (
                SELECT id FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= now()
                  AND (lease_expires_at IS NULL OR lease_expires_at < now())
                  AND NOT (id = ANY(@executing))
                ORDER BY next_attempt_at
                LIMIT @max
                FOR UPDATE SKIP LOCKED
            ),
            claimed AS (
                UPDATE webhook_deliveries d SET
                    attempts = d.attempts + 1,
                    lease_owner = @owner,
                    lease_expires_at = now() + make_interval(secs => @leaseSeconds),
                    updated_at = now()
                FROM claimable WHERE d.id = claimable.id
                RETURNING d.*
            ),
            interrupted AS (
                UPDATE webhook_delivery_attempts a SET
                    outcome = 'interrupted',
                    finished_at = now(),
                    error = 'The process making this attempt stopped before it heard an answer.'
                FROM claimed WHERE a.delivery_id = claimed.id AND a.outcome = 'in_flight'
            ),
            started AS (
                INSERT INTO webhook_delivery_attempts (delivery_id, attempt) SELECT id, attempts FROM claimed
            )
            SELECT claimed.id, claimed.url, claimed.secret, claimed.attempts AS attempt, claimed.created_at,
                   claimed.run_id, r.thread_id, r.agent_id, claimed.run_status, claimed.error_code, claimed.error,
                   claimed.final_answer, claimed.input_tokens, claimed.output_tokens, claimed.ended_at
            FROM claimed JOIN runs r ON r.id = claimed.run_id
            """,
            new { owner, leaseSeconds = lease.TotalSeconds, max, executing = executing.ToArray() },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToClaimed())];
    }

    /// <summary>
    /// When the next delivery falls due (or a claim of a dead process expires); null when none is waiting.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<Guid> executing, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            """
            SELECT min(greatest(next_attempt_at, coalesce(lease_expires_at, next_attempt_at))) FROM webhook_deliveries
            WHERE status = 'pending' AND NOT (id = ANY(@executing))
            """,
            new { executing = executing.ToArray() },
            cancellationToken: cancellationToken));
        return next?.ToOffset();
    }

    /// <summary>
    /// The receiver answered 2xx: the delivery is done, whoever holds it now, and is never sent again.
    /// </summary>
    public Task DeliveredAsync(ClaimedDelivery delivery, int statusCode, CancellationToken cancellationToken) =>
        SettleAsync(
            """
            UPDATE webhook_deliveries SET status = 'delivered', settled_at = now(), secret = NULL, last_error = NULL,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE id = @Id AND status = 'pending'
            """,
            delivery, AttemptOutcome.Delivered, statusCode, error: null, owner: null, delay: TimeSpan.Zero, cancellationToken);

    /// <summary>Tries again after <paramref name="delay"/>, if this process still holds the delivery.</summary>
    public Task RetryLaterAsync(ClaimedDelivery delivery, string owner, int? statusCode, string error, TimeSpan delay, CancellationToken cancellationToken) =>
        SettleAsync(
            """
            UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => @DelaySeconds), last_error = @Error,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE id = @Id AND status = 'pending' AND lease_owner = @Owner
            """,
            delivery, AttemptOutcome.WillRetry, statusCode, error, owner, delay, cancellationToken);

    /// <summary>Gives the delivery up, if this process still holds it.</summary>
    public Task FailedAsync(ClaimedDelivery delivery, string owner, int? statusCode, string error, CancellationToken cancellationToken) =>
        SettleAsync(
            """
            UPDATE webhook_deliveries SET status = 'failed', settled_at = now(), secret = NULL, last_error = @Error,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE id = @Id AND status = 'pending' AND lease_owner = @Owner
            """,
            delivery, AttemptOutcome.Failed, statusCode, error, owner, TimeSpan.Zero, cancellationToken);

    /// <summary>This process stops: its attempt is cut off, and the delivery may be claimed again at once.</summary>
    public Task ReleaseAsync(ClaimedDelivery delivery, string owner, CancellationToken cancellationToken) =>
        SettleAsync(
            """
            UPDATE webhook_deliveries SET lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE id = @Id AND status = 'pending' AND lease_owner = @Owner
            """,
            delivery, AttemptOutcome.Interrupted, null, "This process stopped during the attempt; it is made again.", owner, TimeSpan.Zero, cancellationToken);

    /// <summary>The deliveries of a run, oldest first, each with its attempts.</summary>
    public async Task<Page<WebhookDelivery>> ListForRunAsync(Guid runId, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            $"""
            SELECT {DeliveryColumns} FROM webhook_deliveries WHERE run_id = @runId ORDER BY created_at, id LIMIT @Limit OFFSET @Offset;
            SELECT count(*) FROM webhook_deliveries WHERE run_id = @runId;
            SELECT {AttemptColumns} FROM webhook_delivery_attempts
            WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE run_id = @runId ORDER BY created_at, id LIMIT @Limit OFFSET @Offset)
            ORDER BY delivery_id, attempt;
            """,
            new { runId, page.Limit, page.Offset },
            cancellationToken: cancellationToken));
        var deliveries = (await results.ReadAsync<DeliveryRow>()).ToList();
        var total = await results.ReadSingleAsync<long>();
        var attempts = (await results.ReadAsync<AttemptRow>()).ToLookup(row => row.DeliveryId, row => row.ToAttempt());
        return new Page<WebhookDelivery>([.. deliveries.Select(row => row.ToDelivery(attempts[row.Id].ToList()))], total, page.Limit, page.Offset);
    }

    private async Task SettleAsync(
        string updateDelivery, ClaimedDelivery delivery, AttemptOutcome outcome, int? statusCode, string? error, string? owner, TimeSpan delay,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            {updateDelivery};
            UPDATE webhook_delivery_attempts SET outcome = @Outcome, status_code = @StatusCode, error = @Error, finished_at = now()
            WHERE delivery_id = @Id AND attempt = @Attempt AND (outcome = 'in_flight' OR @Outcome = 'delivered');
            """,
            new
            {
                delivery.Id,
                delivery.Attempt,
                Outcome = outcome.ToDb(),
                StatusCode = statusCode,
                Error = error,
                Owner = owner,
                DelaySeconds = delay.TotalSeconds,
            },
            cancellationToken: cancellationToken));
    }

    private sealed class ClaimedRow
    {
        public Guid Id { get; init; }
        public string Url { get; init; } = "";
        public string? Secret { get; init; }
        public int Attempt { get; init; }
        public DateTime CreatedAt { get; init; }
        public Guid RunId { get; init; }
        public Guid ThreadId { get; init; }
        public Guid AgentId { get; init; }
        public string RunStatus { get; init; } = "";
        public string? ErrorCode { get; init; }
        public string? Error { get; init; }
        public string? FinalAnswer { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public DateTime EndedAt { get; init; }

        public ClaimedDelivery ToClaimed() => new(
            Id, Url, Secret, Attempt, CreatedAt.ToOffset(),
            new RunEnd(
                RunId, ThreadId, AgentId, DbValues.ParseEnum<RunStatus>(RunStatus), ErrorCode, Error, FinalAnswer,
                InputTokens, OutputTokens, EndedAt.ToOffset()));
    }

    private sealed class DeliveryRow
    {
        public Guid Id { get; init; }
        public Guid RunId { get; init; }
        public string Url { get; init; } = "";
        public string RunStatus { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTime NextAttemptAt { get; init; }
        public string? LastError { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? SettledAt { get; init; }

        public WebhookDelivery ToDelivery(IReadOnlyList<DeliveryAttempt> attempts)
        {
            var status = DbValues.ParseEnum<DeliveryStatus>(Status);
            return new WebhookDelivery(
                Id, RunId, Url, DbValues.ParseEnum<RunStatus>(RunStatus), status,
                status == DeliveryStatus.Pending ? NextAttemptAt.ToOffset() : null,
                LastError, CreatedAt.ToOffset(), SettledAt.ToOffset(), attempts);
        }
    }

    private sealed class AttemptRow
    {
        public Guid DeliveryId { get; init; }
        public int Attempt { get; init; }
        public DateTime StartedAt { get; init; }
        public DateTime? FinishedAt { get; init; }
        public string Outcome { get; init; } = "";
        public int? StatusCode { get; init; }
        public string? Error { get; init; }

        public DeliveryAttempt ToAttempt() => new(
            Attempt, StartedAt.ToOffset(), FinishedAt.ToOffset(), DbValues.ParseEnum<AttemptOutcome>(Outcome), StatusCode, Error);
    }
}
