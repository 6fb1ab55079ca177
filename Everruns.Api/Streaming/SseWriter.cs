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

    public static async Task WriteAsync(HttpResponse response, StoredEvent? @event, bool withEventName, CancellationToken cancellationToken)
    {
        var frame = @event is null
            ? ": keep-alive\n\n"
            : withEventName
                ? $"id: {@event.Seq}\nevent: {@event.Type}\ndata: {@event.Json}\n\n"
                : $"id: {@event.Seq}\ndata: {@event.Json}\n\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
