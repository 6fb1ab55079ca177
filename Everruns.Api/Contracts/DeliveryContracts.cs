using Everruns.Data.Runs;
using Everruns.Data.Webhooks;

namespace Everruns.Api.Contracts;

/// <summary>
/// One call of a run's completion webhook: the end of one turn of the run (<c>run_status</c>), where it goes, whether
/// it got through, and every attempt so far. <c>next_attempt_at</c> is set while it is pending.
/// </summary>
public sealed record DeliveryResponse(
    Guid Id,
    Guid RunId,
    string Url,
    RunStatus RunStatus,
    DeliveryStatus Status,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SettledAt,
    IReadOnlyList<DeliveryAttemptResponse> Attempts)
{
    public static DeliveryResponse From(WebhookDelivery delivery) => new(
        delivery.Id, delivery.RunId, delivery.Url, delivery.RunStatus, delivery.Status, delivery.NextAttemptAt, delivery.LastError,
        delivery.CreatedAt, delivery.SettledAt, [.. delivery.Attempts.Select(DeliveryAttemptResponse.From)]);
}

/// <summary>One attempt: <c>status_code</c> is the receiver's answer, when there was one.</summary>
public sealed record DeliveryAttemptResponse(
    int Attempt, AttemptOutcome Outcome, int? StatusCode, string? Error, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt)
{
    public static DeliveryAttemptResponse From(DeliveryAttempt attempt) => new(
        attempt.Attempt, attempt.Outcome, attempt.StatusCode, attempt.Error, attempt.StartedAt, attempt.FinishedAt);
}
