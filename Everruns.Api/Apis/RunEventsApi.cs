using Everruns.Api.Http;
using Everruns.Api.Streaming;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Everruns.Api.Apis;

public static class RunEventsApi
{
    public static IEndpointRouteBuilder MapRunEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/runs/{id}/events", StreamRunEvents).WithTags("Runs").WithName(nameof(StreamRunEvents))
            .WithSummary("Stream a run's AG-UI events (Server-Sent Events)")
            .WithDescription("Replays the stored events after Last-Event-ID (or ?after=), then follows live ones until the run's turn ends, then closes. A comment every 15 s keeps the connection alive.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        app.MapGet("/v1/threads/{id}/events", ReplayThreadEvents).WithTags("Threads").WithName(nameof(ReplayThreadEvents))
            .WithSummary("Replay the AG-UI events of every run of a thread (Server-Sent Events)")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamRunEvents(
        Guid id,
        HttpContext context,
        RunEventFollower follower,
        KeyLimits limits,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        long? after = null)
    {
        var cursor = after ?? 0;
        if (lastEventId is not null && !long.TryParse(lastEventId, out cursor))
        {
            return Problems.Invalid("Last-Event-ID", "Last-Event-ID must be the sequence number of an event.");
        }

        if (cursor < 0)
        {
            return Problems.Invalid("after", "after must be zero or more.");
        }

        using var follow = await follower.StartAsync(id, cursor, context.RequestAborted);
        if (follow is null)
        {
            return Problems.NotFound("Run", id);
        }

        var (slot, refused) = limits.OpenStream(context.User, context);
        if (refused is not null)
        {
            return refused;
        }

        using var _ = slot;
        SseWriter.Start(context.Response);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await foreach (var events in follow.ReadAsync(context.RequestAborted))
            {
                await SseWriter.WriteAsync(context.Response, events, withEventName: true, context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; the run goes on.
        }

        return TypedResults.Empty;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ReplayThreadEvents(
        Guid id, HttpContext context, ThreadStore threads, RunEventStore events)
    {
        if (await threads.GetAsync(id, context.RequestAborted) is null)
        {
            return Problems.NotFound("Thread", id);
        }

        SseWriter.Start(context.Response);
        foreach (var @event in await events.ListForThreadAsync(id, context.RequestAborted))
        {
            await context.Response.WriteAsync(SseWriter.Frame($"{@event.RunId}:{@event.Seq}", @event.Type, @event.Json), context.RequestAborted);
        }

        return TypedResults.Empty;
    }
}
