using System.Runtime.CompilerServices;
using Everruns.Data.Events;
using Everruns.Data.Runs;

namespace Everruns.Api.Streaming;

/// <summary>
/// Follows a run's events for one reader: the stored ones after a cursor, then the live ones, in order and without
/// gaps or repeats, until the event that ends the run's current turn (the run ended, or waits for an approval).
/// Events come in batches of what is ready at once, so the transport can send them together; an empty batch means
/// nothing happened for <see cref="KeepAliveInterval"/>, so the transport can send a keep-alive.
/// </summary>
public sealed class RunEventFollower(RunEventStore store, RunEventBroker broker, RunStore runs)
{
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private const int PageSize = 1000;

    public async IAsyncEnumerable<IReadOnlyList<StoredEvent>> FollowAsync(
        Guid runId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribe before reading the store, so nothing stored in between is missed.
        using var subscription = broker.Subscribe(runId);
        var last = afterSeq;

        // All stored events: a run that waited for an approval has several turns, each ending with RUN_FINISHED.
        StoredEvent? lastStored = null;
        await foreach (var page in ReadStoredAsync(runId, last, cancellationToken))
        {
            last = page[^1].Seq;
            lastStored = page[^1];
            yield return page;
        }

        if (lastStored is { EndsTurn: true } || await HasEndedWithoutMoreEventsAsync(runId, last, cancellationToken))
        {
            yield break;
        }

        var reader = subscription.Reader;
        while (true)
        {
            var live = await ReadLiveAsync(reader, cancellationToken);
            if (live.Count == 0)
            {
                if (await HasEndedWithoutMoreEventsAsync(runId, last, cancellationToken))
                {
                    yield break;
                }

                yield return [];
                continue;
            }

            var fresh = live.Where(e => e.Seq > last).ToList();
            if (fresh.Count == 0)
            {
                continue;
            }

            // Fell behind (or joined between two writes): fill the gap from the store.
            var events = IsContiguous(fresh, last) ? fresh : await GapAsync(runId, last, fresh, cancellationToken);
            var end = events.FindIndex(e => e.EndsTurn);
            if (end >= 0)
            {
                yield return events[..(end + 1)];
                yield break;
            }

            last = events[^1].Seq;
            yield return events;
        }
    }

    /// <summary>The live events ready now, waiting up to the keep-alive interval for the first; none when it passed.</summary>
    private static async Task<List<StoredEvent>> ReadLiveAsync(System.Threading.Channels.ChannelReader<StoredEvent> reader, CancellationToken cancellationToken)
    {
        var ready = new List<StoredEvent>();
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        tick.CancelAfter(KeepAliveInterval);
        try
        {
            ready.Add(await reader.ReadAsync(tick.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ready;
        }

        while (ready.Count < PageSize && reader.TryRead(out var more))
        {
            ready.Add(more);
        }

        return ready;
    }

    private static bool IsContiguous(List<StoredEvent> events, long last)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Seq != last + 1 + i)
            {
                return false;
            }
        }

        return true;
    }

    private async IAsyncEnumerable<List<StoredEvent>> ReadStoredAsync(Guid runId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await store.ListAfterAsync(runId, afterSeq, PageSize, cancellationToken);
            if (page.Count > 0)
            {
                afterSeq = page[^1].Seq;
                yield return [.. page];
            }

            if (page.Count < PageSize)
            {
                yield break;
            }
        }
    }

    private async Task<List<StoredEvent>> GapAsync(Guid runId, long last, List<StoredEvent> live, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await foreach (var page in ReadStoredAsync(runId, last, cancellationToken))
        {
            events.AddRange(page);
        }

        return events.Count > 0 ? events : live;
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
