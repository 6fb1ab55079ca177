using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Everruns.Data.Events;

/// <summary>
/// Live delivery of stored events to the readers of this process (SSE and AG-UI streams). Events written here
/// are published directly; events written by other processes are announced by NOTIFY and read once per run,
/// whatever the number of readers. Readers get events in order and may see a gap when they fall behind (their
/// buffer drops the oldest); they fill gaps from the store. The events this process stored for a run it executes
/// are kept while it executes it, so a reader that joins then starts from memory rather than from the store.
/// </summary>
public sealed class RunEventBroker(RunEventStore store, ILogger<RunEventBroker> logger)
{
    private const int ReaderBuffer = 4096;
    private const int MaxKeptEvents = 5000;

    private readonly ConcurrentDictionary<Guid, Topic> topics = new();

    /// <summary>Names this process in the notifications of its writes, so that it does not read back what it published itself.</summary>
    public string SourceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Follows a run's live events. The subscription also holds the stored events this process kept for the run, when
    /// it executes it: together they are every event after <see cref="KeptEvents.After"/>, without a gap.
    /// </summary>
    public Subscription Subscribe(Guid runId)
    {
        var channel = Channel.CreateBounded<StoredEvent>(new BoundedChannelOptions(ReaderBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var (topic, kept) = WithTopic(runId, topic =>
        {
            topic.Readers.Add(channel);
            return topic.Kept is null ? null : new KeptEvents(topic.KeptAfter, [.. topic.Kept]);
        });
        return new Subscription(channel.Reader, kept, () => Unsubscribe(runId, topic, channel));
    }

    /// <summary>This process executes the run, its events stored so far ending at <paramref name="lastSeq"/>: keep what it stores next.</summary>
    public void Keep(Guid runId, long lastSeq) => WithTopic(runId, topic =>
    {
        topic.Kept = [];
        topic.KeptAfter = lastSeq;
        topic.LastSeq = Math.Max(topic.LastSeq, lastSeq);
        return true;
    });

    /// <summary>This process no longer executes the run.</summary>
    public void Forget(Guid runId)
    {
        if (topics.TryGetValue(runId, out var topic))
        {
            lock (topic)
            {
                topic.Kept = null;
                CloseIfUnused(runId, topic);
            }
        }
    }

    public void Publish(Guid runId, IReadOnlyList<StoredEvent> events)
    {
        if (!topics.TryGetValue(runId, out var topic))
        {
            return;
        }

        lock (topic)
        {
            foreach (var @event in events)
            {
                if (@event.Seq <= topic.LastSeq)
                {
                    continue;
                }

                // What is kept must be every event after KeptAfter, or nothing.
                topic.Kept = topic.Kept is { Count: < MaxKeptEvents } kept && @event.Seq == topic.LastSeq + 1 ? kept : null;
                topic.Kept?.Add(@event);
                topic.LastSeq = @event.Seq;
                foreach (var reader in topic.Readers)
                {
                    reader.Writer.TryWrite(@event);
                }
            }
        }
    }

    /// <summary>Another process stored events of a run up to <paramref name="lastSeq"/>.</summary>
    public void OnStoredElsewhere(Guid runId, long lastSeq)
    {
        if (topics.TryGetValue(runId, out var topic) && lastSeq > Volatile.Read(ref topic.LastSeq))
        {
            _ = CatchUpAsync(runId, topic, lastSeq);
        }
    }

    /// <summary>After the listener reconnected, anything may have been missed: catch every followed run up.</summary>
    public void CatchUpAll()
    {
        foreach (var (runId, topic) in topics)
        {
            _ = CatchUpAsync(runId, topic, long.MaxValue);
        }
    }

    private async Task CatchUpAsync(Guid runId, Topic topic, long upToSeq)
    {
        await topic.Fetching.WaitAsync();
        try
        {
            if (Volatile.Read(ref topic.LastSeq) >= upToSeq)
            {
                // An earlier catch-up already read these.
                return;
            }

            var events = await store.ListAfterAsync(runId, Volatile.Read(ref topic.LastSeq));
            Publish(runId, events);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not read new events of run {RunId}", runId);
        }
        finally
        {
            topic.Fetching.Release();
        }
    }

    private (Topic Topic, T Result) WithTopic<T>(Guid runId, Func<Topic, T> change)
    {
        while (true)
        {
            var topic = topics.GetOrAdd(runId, _ => new Topic());
            lock (topic)
            {
                if (!topic.Closed)
                {
                    return (topic, change(topic));
                }
            }
        }
    }

    private void Unsubscribe(Guid runId, Topic topic, Channel<StoredEvent> channel)
    {
        lock (topic)
        {
            topic.Readers.Remove(channel);
            CloseIfUnused(runId, topic);
        }
    }

    private void CloseIfUnused(Guid runId, Topic topic)
    {
        if (topic.Readers.Count == 0 && topic.Kept is null)
        {
            topic.Closed = true;
            topics.TryRemove(new KeyValuePair<Guid, Topic>(runId, topic));
        }
    }

    private sealed class Topic
    {
        public readonly List<Channel<StoredEvent>> Readers = [];
        public readonly SemaphoreSlim Fetching = new(1, 1);
        public long LastSeq;
        public bool Closed;
        public List<StoredEvent>? Kept;
        public long KeptAfter;
    }

    /// <summary>Every event of a run after <paramref name="After"/> that this process stored so far, in order.</summary>
    public sealed record KeptEvents(long After, IReadOnlyList<StoredEvent> Events);

    public sealed class Subscription(ChannelReader<StoredEvent> reader, KeptEvents? kept, Action unsubscribe) : IDisposable
    {
        public ChannelReader<StoredEvent> Reader { get; } = reader;

        /// <summary>The events kept for the run when it was subscribed to, if this process executes it.</summary>
        public KeptEvents? Kept { get; } = kept;

        public void Dispose() => unsubscribe();
    }
}
