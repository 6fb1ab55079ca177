using System.Collections.Concurrent;
using System.Threading.Channels;
using Dapper;
using Everruns.Data.AgUi;
using Everruns.Data.Database;
using Everruns.Data.Notifications;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Everruns.Data.Events;

/// <summary>
/// Persists the events of the runs this process executes. Events gather for a short window, token deltas are
/// coalesced, and the events of all runs go to PostgreSQL in one INSERT that also checks each run's lease, so an
/// executor that lost its run cannot write to it. After the commit they are published to local subscribers, and
/// other processes hear of them by NOTIFY. Sequence numbers are assigned here, gap-free per run. When the database
/// cannot be reached, the writer keeps what it has and tries again until it answers (for up to
/// <see cref="RunEventWriterOptions.OutageTolerance"/>), so the runs it writes for go on where they are.
/// </summary>
public sealed class RunEventWriter(
    NpgsqlDataSource dataSource,
    RunEventBroker broker,
    IOptions<RunEventWriterOptions> options,
    ILogger<RunEventWriter> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    // The events, lease-checked: a run that is no longer this executor's gets none stored.
    private const string InsertEventsSql = """
        WITH inserted AS (
            INSERT INTO run_events (run_id, seq, type, payload)
            SELECT e.run_id, e.seq, e.type, e.payload::json
            FROM unnest(@RunIds, @Seqs, @Types, @Payloads, @Owners) AS e(run_id, seq, type, payload, owner)
            JOIN runs r ON r.id = e.run_id AND r.lease_owner = e.owner
            ON CONFLICT DO NOTHING
            RETURNING run_id, seq, created_at
        ),
        per_run AS (
            SELECT run_id, max(seq) AS last_seq, (row_number() OVER (ORDER BY run_id) - 1) / 100 AS chunk
            FROM inserted GROUP BY run_id
        ),
        -- Other processes hear of the write in a few notifications (a payload holds up to 8000 bytes), not one per run.
        notified AS (
            SELECT pg_notify(@Channel, @Source || '/' || string_agg(run_id::text || ':' || last_seq, ',')) FROM per_run GROUP BY chunk
        )
        SELECT run_id, seq, created_at FROM inserted, (SELECT count(*) FROM notified) AS n
        """;

    // The same, tried again after a write whose fate is unknown (the connection broke, maybe after the commit): the
    // events already stored, by this writer (the same payload, timestamp included), count as stored.
    private const string InsertEventsAgainSql = """
        WITH e AS (SELECT * FROM unnest(@RunIds, @Seqs, @Types, @Payloads, @Owners) AS e(run_id, seq, type, payload, owner)),
        stored AS (
            SELECT e.run_id, e.seq, s.created_at FROM e JOIN run_events s ON s.run_id = e.run_id AND s.seq = e.seq AND s.payload::text = e.payload
        ),
        inserted AS (
            INSERT INTO run_events (run_id, seq, type, payload)
            SELECT e.run_id, e.seq, e.type, e.payload::json
            FROM e JOIN runs r ON r.id = e.run_id AND r.lease_owner = e.owner
            ON CONFLICT DO NOTHING
            RETURNING run_id, seq, created_at
        ),
        per_run AS (
            SELECT run_id, max(seq) AS last_seq, (row_number() OVER (ORDER BY run_id) - 1) / 100 AS chunk
            FROM inserted GROUP BY run_id
        ),
        notified AS (
            SELECT pg_notify(@Channel, @Source || '/' || string_agg(run_id::text || ':' || last_seq, ',')) FROM per_run GROUP BY chunk
        )
        SELECT run_id, seq, created_at FROM inserted, (SELECT count(*) FROM notified) AS n
        UNION ALL
        SELECT run_id, seq, created_at FROM stored
        """;

    // Every run whose row the batch updates (for an answer's tokens or a turn's end) is locked first, all at once and
    // in id order, as the lease renewal locks them: locking them statement by statement could deadlock with it.
    private const string LockRunsSql = """
        SELECT count(*) FROM (SELECT id FROM runs WHERE id = ANY(@UpdatedRunIds) ORDER BY id FOR NO KEY UPDATE) AS locked
        """;

    // The ends of the turns that finish with this batch. A turn that ended already the same way (a retry after a commit
    // whose answer was lost) counts as ended.
    private const string EndRunsSql = """
        WITH c AS (SELECT * FROM unnest(@EndingIds, @EndingOwners, @EndingStatuses, @EndingErrors) AS c(id, owner, status, error)),
        held AS (SELECT r.id FROM runs r JOIN c ON r.id = c.id AND r.lease_owner = c.owner AND r.status = 'running'),
        ended AS (
            UPDATE runs r SET
                status = c.status,
                error = c.error,
                lease_owner = NULL,
                lease_expires_at = NULL,
                finished_at = CASE WHEN c.status = 'waiting' THEN NULL ELSE now() END,
                updated_at = now()
            FROM c, held
            WHERE r.id = c.id AND r.id = held.id AND r.lease_owner = c.owner AND r.status = 'running'
            RETURNING r.id
        )
        SELECT id FROM ended
        UNION
        SELECT r.id FROM runs r JOIN c ON r.id = c.id WHERE r.status = c.status AND r.lease_owner IS NULL
        """;

    // The messages that come with this batch (models' answers, and the tokens they cost, and tools' results), for the
    // runs still held. A message stored already (a retry) is answered as it is, and its tokens are not counted again.
    private const string InsertMessagesSql = $"""
        WITH a AS (
            SELECT * FROM unnest(@MessageIds, @MessageThreadIds, @MessageRunIds, @MessageRoles, @MessageContents, @MessageToolCalls,
                                 @MessageToolCallIds, @MessageInputTokens, @MessageOutputTokens, @MessageOwners)
                AS a(id, thread_id, run_id, role, content, tool_calls, tool_call_id, input_tokens, output_tokens, owner)
        ),
        held AS (SELECT DISTINCT r.id FROM runs r JOIN a ON r.id = a.run_id AND r.lease_owner = a.owner),
        usage AS (
            UPDATE runs r SET input_tokens = r.input_tokens + t.input_tokens, output_tokens = r.output_tokens + t.output_tokens
            FROM (
                SELECT a.run_id, sum(a.input_tokens) AS input_tokens, sum(a.output_tokens) AS output_tokens FROM a
                WHERE (a.input_tokens > 0 OR a.output_tokens > 0) AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = a.id)
                GROUP BY a.run_id
            ) t, held
            WHERE r.id = t.run_id AND r.id = held.id
        )
        INSERT INTO messages (id, thread_id, run_id, role, content, tool_calls, tool_call_id)
        SELECT a.id, a.thread_id, a.run_id, a.role, a.content, a.tool_calls::jsonb, a.tool_call_id FROM a JOIN held ON held.id = a.run_id
        ON CONFLICT (id) DO UPDATE SET id = excluded.id
        RETURNING {MessageStore.Columns}
        """;

    private readonly Channel<Item> queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, RunLog> runs = new();
    private readonly DedicatedConnection connection = new(dataSource);

    /// <summary>Starts writing for a run this executor holds, after the <paramref name="lastSeq"/> already stored.</summary>
    public void Open(Guid runId, string owner, long lastSeq)
    {
        runs[runId] = new RunLog(owner) { LastSeq = lastSeq };
        broker.Keep(runId, lastSeq);
    }

    public void Close(Guid runId)
    {
        runs.TryRemove(runId, out _);
        broker.Forget(runId);
    }

    /// <summary>Queues an event; it is stored within the flush window. Throws once the run cannot be written to.</summary>
    public void Append(Guid runId, AgUiEvent @event)
    {
        var log = runs.TryGetValue(runId, out var found) ? found : throw new InvalidOperationException($"Run {runId} is not open for writing.");
        if (log.Failure is { } failure)
        {
            throw failure is LeaseLostException ? new LeaseLostException(runId) : new RunStorageException(runId, failure);
        }

        Enqueue(new EventItem(runId, @event));
    }

    /// <summary>Completes when every event appended so far for the run is stored (and published).</summary>
    public async Task FlushAsync(Guid runId, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new FlushItem(runId, done, null));
        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stores the run's last events, <paramref name="terminal"/> last, and ends its turn with
    /// <paramref name="completion"/> in the same transaction: the event that ends a turn is never stored without the
    /// status that goes with it, and a run's end costs no write of its own. False when the run was no longer this
    /// executor's.
    /// </summary>
    public async Task<bool> FinishAsync(Guid runId, AgUiEvent terminal, RunCompletion completion, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new FlushItem(runId, done, completion, terminal));
        return await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stores a message of the run on its thread (a model's answer, with the tokens it cost, or a tool's result), in the
    /// same write as the run's events appended before it. Throws <see cref="LeaseLostException"/> when the run is no
    /// longer this executor's.
    /// </summary>
    public async Task<Message> StoreMessageAsync(Guid runId, RunMessage message, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new MessageItem(runId, message, done));
        return await done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        var nextWrite = TimeSpan.Zero;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                // While one run streams, its events are stored at once. When several do, writes are a window apart,
                // so the events of many runs gather into one INSERT (and deltas coalesce). Someone waiting for a flush
                // is not kept waiting.
                var wait = nextWrite - clock.Elapsed;
                if (wait > TimeSpan.Zero && !(reader.TryPeek(out var first) && first is not EventItem))
                {
                    await Task.Delay(wait, stoppingToken);
                }

                var started = clock.Elapsed;
                var runsWritten = await WriteAvailableAsync(reader, CancellationToken.None);
                nextWrite = runsWritten > 1 ? started + options.Value.FlushInterval : TimeSpan.Zero;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stopping: store what is left, and refuse what comes after.
        queue.Writer.TryComplete();
        while (reader.TryPeek(out _))
        {
            await WriteAvailableAsync(reader, CancellationToken.None);
        }

        await connection.DropAsync();
    }

    private void Enqueue(Item item)
    {
        if (!queue.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The event writer has stopped: nothing more is stored.");
        }
    }

    /// <summary>Writes what is queued; returns how many runs the batch held.</summary>
    private async Task<int> WriteAvailableAsync(ChannelReader<Item> reader, CancellationToken cancellationToken)
    {
        var batch = new List<Item>();
        while (batch.Count < options.Value.MaxBatchSize && reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        if (batch.Count > 0)
        {
            await WriteBatchAsync(batch, cancellationToken);
        }

        return batch.Select(item => item.RunId).Distinct().Count();
    }

    private async Task WriteBatchAsync(List<Item> batch, CancellationToken cancellationToken)
    {
        var rows = new BatchRows();
        var events = batch.Select(item => (item.RunId, Event: item switch
        {
            EventItem e => e.Event,
            FlushItem f => f.Terminal,
            _ => null,
        })).Where(item => item.Event is not null);
        foreach (var group in events.GroupBy(item => item.RunId))
        {
            if (!runs.TryGetValue(group.Key, out var log) || log.Failure is not null)
            {
                continue;
            }

            var seq = log.LastSeq;
            foreach (var @event in EventCoalescer.Coalesce(group.Select(item => item.Event!)))
            {
                rows.Add(group.Key, ++seq, @event.Type, AgUiJson.Serialize(@event), log.Owner);
            }
        }

        var completions = batch.OfType<FlushItem>()
            .Where(flush => flush.Completion is not null && runs.TryGetValue(flush.RunId, out var log) && log.Failure is null)
            .Select(flush => (flush.RunId, runs[flush.RunId].Owner, flush.Completion!))
            .ToList();
        var messages = batch.OfType<MessageItem>()
            .Where(item => runs.TryGetValue(item.RunId, out var log) && log.Failure is null)
            .Select(item => (item.RunId, runs[item.RunId].Owner, item.Message))
            .ToList();
        var (stored, finished) = rows.Count > 0 || completions.Count > 0 || messages.Count > 0
            ? await StoreAsync(rows, messages, completions, cancellationToken)
            : ([], []);

        var storedMessages = stored.ToDictionary(message => message.Id);
        foreach (var item in batch)
        {
            var failure = runs.TryGetValue(item.RunId, out var log) ? log.Failure : null;
            Exception? error = failure switch
            {
                null => null,
                LeaseLostException => new LeaseLostException(item.RunId),
                _ => new RunStorageException(item.RunId, failure),
            };
            switch (item)
            {
                case FlushItem flush when error is not null:
                    flush.Done.TrySetException(error);
                    break;
                case FlushItem flush:
                    flush.Done.TrySetResult(flush.Completion is null || finished.Contains(flush.RunId));
                    break;
                case MessageItem message when error is not null:
                    message.Done.TrySetException(error);
                    break;
                case MessageItem message:
                    // No message stored: the run was no longer this executor's.
                    _ = storedMessages.TryGetValue(message.Message.Id, out var saved)
                        ? message.Done.TrySetResult(saved)
                        : message.Done.TrySetException(new LeaseLostException(message.RunId));
                    break;
            }
        }
    }

    private async Task<(List<Message> Messages, HashSet<Guid> Finished)> StoreAsync(
        BatchRows rows, List<(Guid RunId, string Owner, RunMessage Message)> messages,
        List<(Guid RunId, string Owner, RunCompletion Completion)> completions, CancellationToken cancellationToken)
    {
        WriteResult? result = null;
        var outage = System.Diagnostics.Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(100);
        var again = false;
        while (result is null)
        {
            try
            {
                result = await InsertAsync(rows, messages, completions, again, cancellationToken);
            }
            catch (Exception e) when (IsOutage(e) && outage.Elapsed < options.Value.OutageTolerance)
            {
                // The database is out of reach: keep everything and try again until it answers. The runs wait for
                // their writes meanwhile, and go on where they are when it is back.
                if (!again)
                {
                    logger.LogWarning(e, "Storing {Count} run events failed; trying again until the database answers", rows.Count);
                }

                again = true;
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
            catch (Exception e)
            {
                logger.LogError(e, "Storing {Count} run events failed; their runs stop here and will be resumed", rows.Count);
                foreach (var runId in rows.RunIds.Concat(messages.Select(m => m.RunId)).Concat(completions.Select(c => c.RunId)))
                {
                    if (runs.TryGetValue(runId, out var log))
                    {
                        log.Failure = e;
                    }
                }

                return ([], []);
            }
        }

        if (again)
        {
            logger.LogInformation("Run events are stored again, after {Seconds:0.0} s", outage.Elapsed.TotalSeconds);
        }

        var stored = result.Rows.ToLookup(row => row.RunId);
        foreach (var runId in rows.RunIds)
        {
            if (!runs.TryGetValue(runId, out var log))
            {
                continue;
            }

            var events = stored[runId].OrderBy(row => row.Seq).ToList();
            var expected = rows.CountFor(runId);
            if (events.Count < expected)
            {
                log.Failure = new LeaseLostException(runId);
            }

            if (events.Count > 0)
            {
                log.LastSeq = events[^1].Seq;
                broker.Publish(runId, [.. events.Select(row => new StoredEvent(runId, row.Seq, rows.TypeOf(runId, row.Seq), rows.JsonOf(runId, row.Seq), row.CreatedAt.ToOffset()))]);
            }
        }

        return (result.Messages, result.Finished);
    }

    /// <summary>The database could not be reached, or could not serve for now: worth waiting for.</summary>
    private static bool IsOutage(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or TimeoutException or IOException or System.Net.Sockets.SocketException;

    /// <summary>
    /// Stores the events and answers and ends the completed turns with one command: its statements travel in one
    /// round trip and run in one implicit transaction, so they are stored together or not at all.
    /// </summary>
    /// <param name="again">A write of the same batch failed before, maybe after it was committed.</param>
    private async Task<WriteResult> InsertAsync(
        BatchRows rows, List<(Guid RunId, string Owner, RunMessage Message)> messages,
        List<(Guid RunId, string Owner, RunCompletion Completion)> completions, bool again, CancellationToken cancellationToken)
    {
        try
        {
            var open = await connection.GetAsync(cancellationToken);
            var updatesRuns = messages.Count > 0 || completions.Count > 0;
            string[] statements =
            [
                again ? InsertEventsAgainSql : InsertEventsSql,
                .. updatesRuns ? new[] { LockRunsSql } : [],
                .. messages.Count == 0 ? [] : new[] { InsertMessagesSql },
                .. completions.Count == 0 ? [] : new[] { EndRunsSql },
            ];
            await using var results = await open.QueryMultipleAsync(new CommandDefinition(
                string.Join(";\n", statements),
                rows.ToParameters(NotificationChannels.RunEvents, broker.SourceId, messages, completions),
                cancellationToken: cancellationToken));
            var inserted = (await results.ReadAsync<InsertedRow>()).ToList();
            if (updatesRuns)
            {
                await results.ReadSingleAsync<long>();
            }

            var stored = messages.Count == 0 ? [] : (await results.ReadAsync<MessageStore.MessageRow>()).Select(row => row.ToMessage()).ToList();
            var finished = completions.Count == 0 ? [] : (await results.ReadAsync<Guid>()).ToHashSet();
            return new WriteResult(inserted, stored, finished);
        }
        catch
        {
            await connection.DropAsync();
            throw;
        }
    }

    private abstract record Item(Guid RunId);

    private sealed record EventItem(Guid RunId, AgUiEvent Event) : Item(RunId);

    private sealed record MessageItem(Guid RunId, RunMessage Message, TaskCompletionSource<Message> Done) : Item(RunId);

    private sealed record WriteResult(List<InsertedRow> Rows, List<Message> Messages, HashSet<Guid> Finished);

    private sealed record FlushItem(Guid RunId, TaskCompletionSource<bool> Done, RunCompletion? Completion, AgUiEvent? Terminal = null) : Item(RunId);

    private sealed class RunLog(string owner)
    {
        public string Owner { get; } = owner;

        public long LastSeq { get; set; }

        public Exception? Failure { get; set; }
    }

    private sealed class BatchRows
    {
        private readonly List<Guid> runIds = [];
        private readonly List<long> seqs = [];
        private readonly List<string> types = [];
        private readonly List<string> payloads = [];
        private readonly List<string> owners = [];
        private readonly Dictionary<Guid, int> countPerRun = [];
        private readonly Dictionary<(Guid, long), int> index = [];

        public int Count => runIds.Count;

        public IEnumerable<Guid> RunIds => countPerRun.Keys;

        public void Add(Guid runId, long seq, string type, string payload, string owner)
        {
            runIds.Add(runId);
            seqs.Add(seq);
            types.Add(type);
            payloads.Add(payload);
            owners.Add(owner);
            index[(runId, seq)] = runIds.Count - 1;
            countPerRun[runId] = countPerRun.GetValueOrDefault(runId) + 1;
        }

        public int CountFor(Guid runId) => countPerRun.GetValueOrDefault(runId);

        public string TypeOf(Guid runId, long seq) => types[index[(runId, seq)]];

        public string JsonOf(Guid runId, long seq) => payloads[index[(runId, seq)]];

        public object ToParameters(
            string channel, string source, List<(Guid RunId, string Owner, RunMessage Message)> messages,
            List<(Guid RunId, string Owner, RunCompletion Completion)> endings) => new
            {
                Channel = channel,
                Source = source,
                MessageIds = messages.Select(m => m.Message.Id).ToArray(),
                MessageThreadIds = messages.Select(m => m.Message.ThreadId).ToArray(),
                MessageRunIds = messages.Select(m => m.RunId).ToArray(),
                MessageRoles = messages.Select(m => m.Message.Role.ToDb()).ToArray(),
                MessageContents = messages.Select(m => m.Message.Content).ToArray(),
                MessageToolCalls = messages.Select(m => m.Message.ToolCalls?.GetRawText()).ToArray(),
                MessageToolCallIds = messages.Select(m => m.Message.ToolCallId).ToArray(),
                MessageInputTokens = messages.Select(m => m.Message.InputTokens).ToArray(),
                MessageOutputTokens = messages.Select(m => m.Message.OutputTokens).ToArray(),
                MessageOwners = messages.Select(m => m.Owner).ToArray(),
                UpdatedRunIds = messages.Select(m => m.RunId).Concat(endings.Select(c => c.RunId)).Distinct().ToArray(),
                EndingIds = endings.Select(c => c.RunId).ToArray(),
                EndingOwners = endings.Select(c => c.Owner).ToArray(),
                EndingStatuses = endings.Select(c => c.Completion.Status.ToDb()).ToArray(),
                EndingErrors = endings.Select(c => c.Completion.Error).ToArray(),
                RunIds = runIds.ToArray(),
                Seqs = seqs.ToArray(),
                Types = types.ToArray(),
                Payloads = payloads.ToArray(),
                Owners = owners.ToArray(),
            };
    }

    private sealed class InsertedRow
    {
        public Guid RunId { get; init; }
        public long Seq { get; init; }
        public DateTime CreatedAt { get; init; }
    }
}
