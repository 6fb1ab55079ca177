using System.Runtime.CompilerServices;
using Everruns.Data.Events;
using Everruns.Data.Runs;

namespace Everruns.Api.Streaming;

/// <summary>
/// Follows a run's events for one reader: the stored ones after a cursor, then the live ones, in order and without
/// gaps or repeats, until the event that ends the run's current turn (the run ended, or waits for an approval). Yields <c>null</c> when nothing happened for
/// <see cref="KeepAliveInterval"/>, so the transport can send a keep-alive.
/// </summary>
public sealed class RunEventFollower(RunEventStore store, RunEventBroker broker, RunStore runs)
{
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private const int PageSize = 1000;

    public async IAsyncEnumerable<StoredEvent?> FollowAsync(
        Guid runId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribe before reading the store, so nothing stored in between is missed.
        using var subscription = broker.Subscribe(runId);
        var last = afterSeq;

        // All stored events: a run that waited for an approval has several turns, each ending with RUN_FINISHED.
        StoredEvent? lastStored = null;
        await foreach (var stored in ReadStoredAsync(runId, last, cancellationToken))
        {
            last = stored.Seq;
            lastStored = stored;
            yield return stored;
        }

        if (lastStored is { EndsTurn: true } || await HasEndedWithoutMoreEventsAsync(runId, last, cancellationToken))
        {
            yield break;
        }

        var reader = subscription.Reader;
        while (true)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(KeepAliveInterval);
            StoredEvent? live = null;
            try
            {
                live = await reader.ReadAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (live is null)
            {
                if (await HasEndedWithoutMoreEventsAsync(runId, last, cancellationToken))
                {
                    yield break;
                }

                yield return null;
                continue;
            }

            if (live.Seq <= last)
            {
                continue;
            }

            // Fell behind (or joined between two writes): fill the gap from the store.
            var events = live.Seq == last + 1 ? [live] : await GapAsync(runId, last, live, cancellationToken);
            foreach (var @event in events)
            {
                last = @event.Seq;
                yield return @event;
                if (@event.EndsTurn)
                {
                    yield break;
                }
            }
        }
    }

    private async IAsyncEnumerable<StoredEvent> ReadStoredAsync(Guid runId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await store.ListAfterAsync(runId, afterSeq, PageSize, cancellationToken);
            foreach (var stored in page)
            {
                afterSeq = stored.Seq;
                yield return stored;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }
        }
    }

    private async Task<List<StoredEvent>> GapAsync(Guid runId, long last, StoredEvent live, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await foreach (var stored in ReadStoredAsync(runId, last, cancellationToken))
        {
            events.Add(stored);
        }

        return events.Count > 0 ? events : [live];
    }

    /// <summary>A run can end with no further event (cancelled before it started, say): then there is nothing to wait for.</summary>
    private async Task<bool> HasEndedWithoutMoreEventsAsync(Guid runId, long last, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken);
        if (run is null || !run.Status.IsTerminal())
        {
            return false;
        }

        return (await store.ListAfterAsync(runId, last, 1, cancellationToken)).Count == 0;
    }
}
