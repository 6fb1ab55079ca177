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

    /// <summary>Writes one event (or, for <c>null</c>, a keep-alive comment) and flushes it to the client.</summary>
    public static async Task WriteAsync(HttpResponse response, StoredEvent? @event, bool withEventName, CancellationToken cancellationToken)
    {
        var frame = @event is null
            ? ": keep-alive\n\n"
            : Frame(@event.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), withEventName ? @event.Type : null, @event.Json);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>One frame; the JSON is written compactly, so it fits on one <c>data:</c> line.</summary>
    public static string Frame(string id, string? eventName, string json) =>
        eventName is null ? $"id: {id}\ndata: {json}\n\n" : $"id: {id}\nevent: {eventName}\ndata: {json}\n\n";
}
