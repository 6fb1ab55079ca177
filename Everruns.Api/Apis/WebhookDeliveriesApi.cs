using Everruns.Api.Contracts;
using Everruns.Api.Http;
using Everruns.Data.Runs;
using Everruns.Data.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Everruns.Api.Apis;

/// <summary>The calls of a run's completion webhook, and their attempts.</summary>
public static class WebhookDeliveriesApi
{
    public static RouteGroupBuilder MapWebhookDeliveriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/runs/{id}/deliveries").WithTags("Runs");
        api.MapGet("/", ListDeliveries).WithName(nameof(ListDeliveries))
            .WithSummary("The calls of a run's completion webhook, oldest first, each with its attempts")
            .WithDescription("One delivery per end of a turn: completed, failed, cancelled, or waiting for approval.");
        return api;
    }

    public static async Task<Results<Ok<ListResponse<DeliveryResponse>>, ProblemHttpResult>> ListDeliveries(
        Guid id, RunStore runs, WebhookDeliveryStore deliveries, CancellationToken cancellationToken, int? limit = null, int? offset = null)
    {
        if (!Paging.TryCreate(limit, offset, out var page, out var errors))
        {
            return Problems.Invalid(errors);
        }

        if (await runs.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("Run", id);
        }

        var result = await deliveries.ListForRunAsync(id, page, cancellationToken);
        return TypedResults.Ok(ListResponse<DeliveryResponse>.From(result, DeliveryResponse.From));
    }
}
