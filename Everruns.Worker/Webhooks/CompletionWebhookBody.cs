using Everruns.Data.Runs;
using Everruns.Data.Webhooks;

namespace Everruns.Worker.Webhooks;

/// <summary>
/// What a completion webhook receives (as snake_case JSON, without null fields): the run as its turn ended. The same
/// bytes on every attempt of a delivery. <c>status</c> is <c>completed</c>, <c>failed</c>, <c>cancelled</c>, or
/// <c>waiting</c> (for approval; the run goes on once its approvals are answered, and ends with a delivery of its own).
/// </summary>
public sealed record CompletionWebhookBody(
    Guid DeliveryId,
    Guid RunId,
    Guid ThreadId,
    Guid AgentId,
    RunStatus Status,
    string? FinalAnswer,
    CompletionWebhookError? Error,
    CompletionWebhookUsage Usage,
    DateTimeOffset EndedAt)
{
    public static CompletionWebhookBody Of(ClaimedDelivery delivery)
    {
        var run = delivery.Run;
        return new CompletionWebhookBody(
            delivery.Id,
            run.RunId,
            run.ThreadId,
            run.AgentId,
            run.Status,
            run.FinalAnswer,
            run.Error is null ? null : new CompletionWebhookError(run.ErrorCode, run.Error),
            new CompletionWebhookUsage(run.InputTokens, run.OutputTokens, run.InputTokens + run.OutputTokens),
            run.EndedAt);
    }
}

/// <summary>Why the run failed: the code and message of its RUN_ERROR.</summary>
public sealed record CompletionWebhookError(string? Code, string Message);

public sealed record CompletionWebhookUsage(long InputTokens, long OutputTokens, long TotalTokens);
