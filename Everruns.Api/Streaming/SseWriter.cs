using System.Globalization;
using System.Text;
using Everruns.Data.Events;

namespace Everruns.Api.Streaming;

/// <summary>Writes Server-Sent Events frames: <c>id</c>, <c>event</c> and <c>data</c> lines, LF endings.</summary>
public static class SseWriter
{
    public static void Start(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>Writes the events (or, for none, a keep-alive comment) and flushes them to the client together.</summary>
    public static async Task WriteAsync(HttpResponse response, IReadOnlyList<StoredEvent> events, bool withEventName, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            Encoding.UTF8.GetBytes(": keep-alive\n\n", response.BodyWriter);
        }

        foreach (var @event in events)
        {
            var id = @event.Seq.ToString(CultureInfo.InvariantCulture);
            Encoding.UTF8.GetBytes(Frame(id, withEventName ? @event.Type : null, @event.Json), response.BodyWriter);
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>One frame; the JSON is written compactly, so it fits on one <c>data:</c> line.</summary>
    public static string Frame(string id, string? eventName, string json) =>
        eventName is null ? $"id: {id}\ndata: {json}\n\n" : $"id: {id}\nevent: {eventName}\ndata: {json}\n\n";
}
