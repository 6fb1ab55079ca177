using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Everruns.Data.Events;
using Everruns.Data.Runs;

namespace Everruns.Api.Streaming;

/// <summary>
/// Follows a run's events for one reader: the stored ones after a cursor, then the live ones, in order and without
/// gaps or repeats, until the event that ends the run's current turn (the run ended, or waits for an approval).
/// Events come in batches of what is ready at once, so the transport can send them together; an empty batch means
/// nothing happened for <see cref="KeepAliveInterval"/>, so the transport can send a keep-alive.
/// </summary>
public sealed class RunEventFollower(RunEventStore store, RunEventBroker broker, ILogger<RunEventFollower> logger)
{
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private const int PageSize = 1000;

    /// <summary>
    /// Starts following a run after <paramref name="afterSeq"/>. A run this process executes starts from the events
    /// it kept; any other takes one round trip that reads whether it exists, how it stands and its first stored
    /// events. Null when there is no such run.
    /// </summary>
    public async Task<Follow?> StartAsync(Guid runId, long afterSeq, CancellationToken cancellationToken)
    {
        // Subscribe before reading the store, so nothing stored in between is missed.
        var subscription = broker.Subscribe(runId);
        if (subscription.Kept is { } kept && kept.After <= afterSeq)
        {
            var events = kept.Events.Where(e => e.Seq > afterSeq).ToList();
            return new Follow(store, logger, runId, afterSeq, new RunEventsPage(RunStatus.Running, events), subscription);
        }

        try
        {
            var first = await store.ReadRunAsync(runId, afterSeq, PageSize, cancellationToken);
            if (first is null)
            {
                subscription.Dispose();
                return null;
            }

            return new Follow(store, logger, runId, afterSeq, first, subscription);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }

    /// <summary>One reader's following of one run.</summary>
    public sealed class Follow(
        RunEventStore store, ILogger logger, Guid runId, long afterSeq, RunEventsPage first, RunEventBroker.Subscription subscription) : IDisposable
    {
        public async IAsyncEnumerable<IReadOnlyList<StoredEvent>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var last = afterSeq;

            // All stored events: a run that waited for an approval has several turns, each ending with RUN_FINISHED.
            StoredEvent? lastStored = null;
            for (RunEventsPage? page = first; page is not null;)
            {
                if (page.Events.Count > 0)
                {
                    last = page.Events[^1].Seq;
                    lastStored = page.Events[^1];
                    yield return page.Events;
                }

                // A run that has ended without a further event (cancelled before it started, say) has nothing to wait for.
                if (lastStored is { EndsTurn: true } || (page.Events.Count < PageSize && page.Status.IsTerminal()))
                {
                    yield break;
                }

                page = page.Events.Count < PageSize ? null : await store.ReadRunAsync(runId, last, PageSize, cancellationToken);
            }

            var reader = subscription.Reader;
            while (true)
            {
                var live = await ReadLiveAsync(reader, cancellationToken);
                if (live.Count == 0)
                {
                    // Nothing came for a while: the store says whether anything was missed, or the run ended without a
                    // further event (it was cancelled while pending, say).
                    var now = await store.ReadRunAsync(runId, last, PageSize, cancellationToken);
                    if (now is null || (now.Status.IsTerminal() && now.Events.Count == 0))
                    {
                        yield break;
                    }

                    if (now.Events.Count == 0)
                    {
                        yield return [];
                        continue;
                    }

                    logger.LogWarning("A reader of run {RunId} missed events {From} to {To} live; they come from the store", runId, now.Events[0].Seq, now.Events[^1].Seq);
                    live = [.. now.Events];
                }

                var fresh = live.Where(e => e.Seq > last).ToList();
                if (fresh.Count == 0)
                {
                    continue;
                }

                // Fell behind (or joined between two writes): fill the gap from the store.
                var events = IsContiguous(fresh, last) ? fresh : await GapAsync(last, fresh, cancellationToken);
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

        public void Dispose() => subscription.Dispose();

        /// <summary>The live events ready now, waiting up to the keep-alive interval for the first; none when it passed.</summary>
        private static async Task<List<StoredEvent>> ReadLiveAsync(ChannelReader<StoredEvent> reader, CancellationToken cancellationToken)
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

        private async Task<List<StoredEvent>> GapAsync(long last, List<StoredEvent> live, CancellationToken cancellationToken)
        {
            var events = new List<StoredEvent>();
            while (true)
            {
                var page = await store.ListAfterAsync(runId, last, PageSize, cancellationToken);
                events.AddRange(page);
                if (page.Count < PageSize)
                {
                    return events.Count > 0 ? events : live;
                }

                last = page[^1].Seq;
            }
        }
    }
}
