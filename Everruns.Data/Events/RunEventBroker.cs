using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Everruns.Data.Events;

/// <summary>
/// Live delivery of stored events to the readers of this process (SSE and AG-UI streams). Events written here
/// are published directly; events written by other processes are announced by NOTIFY and read once per run,
/// whatever the number of readers. Readers get events in order and may see a gap when they fall behind (their
/// buffer drops the oldest); they fill gaps from the store.
/// </summary>
public sealed class RunEventBroker(RunEventStore store, ILogger<RunEventBroker> logger)
{
    private const int ReaderBuffer = 4096;

    private readonly ConcurrentDictionary<Guid, Topic> topics = new();

    /// <summary>Names this process in the notifications of its writes, so that it does not read back what it published itself.</summary>
    public string SourceId { get; } = Guid.NewGuid().ToString("N");

    public Subscription Subscribe(Guid runId)
    {
        var channel = Channel.CreateBounded<StoredEvent>(new BoundedChannelOptions(ReaderBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        while (true)
        {
            var topic = topics.GetOrAdd(runId, _ => new Topic());
            lock (topic)
            {
                if (topic.Closed)
                {
                    continue;
                }

                topic.Readers.Add(channel);
            }

            return new Subscription(channel.Reader, () => Unsubscribe(runId, topic, channel));
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

    private void Unsubscribe(Guid runId, Topic topic, Channel<StoredEvent> channel)
    {
        lock (topic)
        {
            topic.Readers.Remove(channel);
            if (topic.Readers.Count == 0)
            {
                topic.Closed = true;
                topics.TryRemove(new KeyValuePair<Guid, Topic>(runId, topic));
            }
        }
    }

    private sealed class Topic
    {
        public readonly List<Channel<StoredEvent>> Readers = [];
        public readonly SemaphoreSlim Fetching = new(1, 1);
        public long LastSeq;
        public bool Closed;
    }

    public sealed class Subscription(ChannelReader<StoredEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<StoredEvent> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
