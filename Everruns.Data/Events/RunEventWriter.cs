using System.Collections.Concurrent;
using System.Threading.Channels;
using Dapper;
using Everruns.Data.AgUi;
using Everruns.Data.Budgets;
using Everruns.Data.Database;
using Everruns.Data.Notifications;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Data.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Everruns.Data.Events;

/// <summary>
/// Persists the events of the runs this process executes. Events gather for a short window, token deltas are
/// coalesced, and the events of all runs go to PostgreSQL in one INSERT that also checks each run's lease, so an
/// executor that lost its run cannot write to it. After the commit they are published to local subscribers, and
/// other processes hear of them by NOTIFY. Sequence numbers are assigned here, gap-free per run.
/// </summary>
public sealed class RunEventWriter(
    NpgsqlDataSource dataSource,
    RunEventBroker broker,
    IOptions<RunEventWriterOptions> options,
    ILogger<RunEventWriter> logger) : BackgroundService
{
    private const int WriteAttempts = 3;

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

    // Every run whose row the batch updates (for an answer's tokens or a turn's end) is locked first, all at once and
    // in id order, as the lease renewal locks them: locking them statement by statement could deadlock with it.
    private const string LockRunsSql = """
        SELECT count(*) FROM (SELECT id FROM runs WHERE id = ANY(@UpdatedRunIds) ORDER BY id FOR NO KEY UPDATE) AS locked
        """;

    // The ends of the turns that finish with this batch, and the completion webhook calls they queue (in the same
    // transaction, so that a turn never ends without its call, nor is a call made for a turn that did not end). A run
    // keeps its webhook secret only while it may end another turn.
    private const string EndRunsSql = $"""
        WITH c AS (
            SELECT * FROM unnest(@EndingIds, @EndingOwners, @EndingStatuses, @EndingErrors, @EndingErrorCodes) AS c(id, owner, status, error, error_code)
        ),
        held AS (
            SELECT r.id, r.webhook_url, r.webhook_secret FROM runs r JOIN c ON r.id = c.id AND r.lease_owner = c.owner AND r.status = 'running'
        ),
        ended AS (
            UPDATE runs r SET
                status = c.status,
                error = c.error,
                lease_owner = NULL,
                lease_expires_at = NULL,
                finished_at = CASE WHEN c.status = 'waiting' THEN NULL ELSE now() END,
                webhook_secret = CASE WHEN c.status = 'waiting' THEN r.webhook_secret END,
                updated_at = now()
            FROM c, held
            WHERE r.id = c.id AND r.id = held.id AND r.lease_owner = c.owner AND r.status = 'running'
            RETURNING r.id, r.thread_id, r.status, r.error, r.input_tokens, r.output_tokens
        ),
        {WebhookDeliveryStore.QueueForEndedTurnsSql}
        SELECT ended.id FROM ended, queued_notice
        """;

    // The models' answers that come with this batch, and the tokens they cost (to the run and to its agent's day), for
    // the runs still held.
    private const string InsertAnswersSql = $"""
        WITH a AS (
            SELECT * FROM unnest(@AnswerIds, @AnswerThreadIds, @AnswerRunIds, @AnswerContents, @AnswerToolCalls, @AnswerInputTokens, @AnswerOutputTokens, @AnswerOwners)
                AS a(id, thread_id, run_id, content, tool_calls, input_tokens, output_tokens, owner)
        ),
        held AS (SELECT r.id FROM runs r JOIN a ON r.id = a.run_id AND r.lease_owner = a.owner),
        usage AS (
            UPDATE runs r SET input_tokens = r.input_tokens + a.input_tokens, output_tokens = r.output_tokens + a.output_tokens
            FROM a, held WHERE r.id = a.run_id AND r.id = held.id
            RETURNING r.agent_id, a.input_tokens, a.output_tokens
        ),
        {TokenUsageStore.AddToDaySql}
        INSERT INTO messages (id, thread_id, run_id, role, content, tool_calls)
        SELECT a.id, a.thread_id, a.run_id, 'assistant', a.content, a.tool_calls::jsonb FROM a JOIN held ON held.id = a.run_id
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
            throw failure is LeaseLostException ? new LeaseLostException(runId) : new InvalidOperationException($"Events of run {runId} could not be stored.", failure);
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
    /// Stores a model's answer on the run's thread, with the tokens it cost, in the same write as the run's events
    /// appended before it. Throws <see cref="LeaseLostException"/> when the run is no longer this executor's.
    /// </summary>
    public async Task<Message> StoreAnswerAsync(Guid runId, ModelAnswer answer, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new AnswerItem(runId, answer, done));
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
        var answers = batch.OfType<AnswerItem>()
            .Where(item => runs.TryGetValue(item.RunId, out var log) && log.Failure is null)
            .Select(item => (item.RunId, runs[item.RunId].Owner, item.Answer))
            .ToList();
        var (stored, finished) = rows.Count > 0 || completions.Count > 0 || answers.Count > 0
            ? await StoreAsync(rows, answers, completions, cancellationToken)
            : ([], []);

        var answered = stored.ToDictionary(message => message.Id);
        foreach (var item in batch)
        {
            var failure = runs.TryGetValue(item.RunId, out var log) ? log.Failure : null;
            var error = failure is LeaseLostException ? new LeaseLostException(item.RunId) : failure;
            switch (item)
            {
                case FlushItem flush when error is not null:
                    flush.Done.TrySetException(error);
                    break;
                case FlushItem flush:
                    flush.Done.TrySetResult(flush.Completion is null || finished.Contains(flush.RunId));
                    break;
                case AnswerItem answer when error is not null:
                    answer.Done.TrySetException(error);
                    break;
                case AnswerItem answer:
                    // No answer stored: the run was no longer this executor's.
                    _ = answered.TryGetValue(answer.Answer.Id, out var message)
                        ? answer.Done.TrySetResult(message)
                        : answer.Done.TrySetException(new LeaseLostException(answer.RunId));
                    break;
            }
        }
    }

    private async Task<(List<Message> Answers, HashSet<Guid> Finished)> StoreAsync(
        BatchRows rows, List<(Guid RunId, string Owner, ModelAnswer Answer)> answers,
        List<(Guid RunId, string Owner, RunCompletion Completion)> completions, CancellationToken cancellationToken)
    {
        WriteResult? result = null;
        for (var attempt = 1; result is null; attempt++)
        {
            try
            {
                result = await InsertAsync(rows, answers, completions, cancellationToken);
            }
            catch (Exception e) when (attempt < WriteAttempts && e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Storing {Count} run events failed (attempt {Attempt}); retrying", rows.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Storing {Count} run events failed; their runs stop here and will be resumed", rows.Count);
                foreach (var runId in rows.RunIds.Concat(answers.Select(a => a.RunId)).Concat(completions.Select(c => c.RunId)))
                {
                    if (runs.TryGetValue(runId, out var log))
                    {
                        log.Failure = e;
                    }
                }

                return ([], []);
            }
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

        return (result.Answers, result.Finished);
    }

    /// <summary>
    /// Stores the events and answers and ends the completed turns with one command: its statements travel in one
    /// round trip and run in one implicit transaction, so they are stored together or not at all.
    /// </summary>
    private async Task<WriteResult> InsertAsync(
        BatchRows rows, List<(Guid RunId, string Owner, ModelAnswer Answer)> answers,
        List<(Guid RunId, string Owner, RunCompletion Completion)> completions, CancellationToken cancellationToken)
    {
        try
        {
            var open = await connection.GetAsync(cancellationToken);
            var updatesRuns = answers.Count > 0 || completions.Count > 0;
            string[] statements =
            [
                InsertEventsSql,
                .. updatesRuns ? new[] { LockRunsSql } : [],
                .. answers.Count == 0 ? [] : new[] { InsertAnswersSql },
                .. completions.Count == 0 ? [] : new[] { EndRunsSql },
            ];
            await using var results = await open.QueryMultipleAsync(new CommandDefinition(
                string.Join(";\n", statements),
                rows.ToParameters(NotificationChannels.RunEvents, broker.SourceId, answers, completions),
                cancellationToken: cancellationToken));
            var inserted = (await results.ReadAsync<InsertedRow>()).ToList();
            if (updatesRuns)
            {
                await results.ReadSingleAsync<long>();
            }

            var stored = answers.Count == 0 ? [] : (await results.ReadAsync<MessageStore.MessageRow>()).Select(row => row.ToMessage()).ToList();
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

    private sealed record AnswerItem(Guid RunId, ModelAnswer Answer, TaskCompletionSource<Message> Done) : Item(RunId);

    private sealed record WriteResult(List<InsertedRow> Rows, List<Message> Answers, HashSet<Guid> Finished);

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
            string channel, string source, List<(Guid RunId, string Owner, ModelAnswer Answer)> answers,
            List<(Guid RunId, string Owner, RunCompletion Completion)> endings) => new
            {
                Channel = channel,
                Source = source,
                AnswerIds = answers.Select(a => a.Answer.Id).ToArray(),
                AnswerThreadIds = answers.Select(a => a.Answer.ThreadId).ToArray(),
                AnswerRunIds = answers.Select(a => a.RunId).ToArray(),
                AnswerContents = answers.Select(a => a.Answer.Content).ToArray(),
                AnswerToolCalls = answers.Select(a => a.Answer.ToolCalls?.GetRawText()).ToArray(),
                AnswerInputTokens = answers.Select(a => a.Answer.InputTokens).ToArray(),
                AnswerOutputTokens = answers.Select(a => a.Answer.OutputTokens).ToArray(),
                AnswerOwners = answers.Select(a => a.Owner).ToArray(),
                UpdatedRunIds = answers.Select(a => a.RunId).Concat(endings.Select(c => c.RunId)).Distinct().ToArray(),
                EndingIds = endings.Select(c => c.RunId).ToArray(),
                EndingOwners = endings.Select(c => c.Owner).ToArray(),
                EndingStatuses = endings.Select(c => c.Completion.Status.ToDb()).ToArray(),
                EndingErrors = endings.Select(c => c.Completion.Error).ToArray(),
                EndingErrorCodes = endings.Select(c => c.Completion.ErrorCode).ToArray(),
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
