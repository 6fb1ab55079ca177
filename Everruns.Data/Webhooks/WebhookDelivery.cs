using Everruns.Data.Runs;

namespace Everruns.Data.Webhooks;

public enum DeliveryStatus
{
    /// <summary>Not delivered yet: due, in flight, or waiting to be tried again.</summary>
    Pending,

    /// <summary>The receiver answered 2xx. Never sent again.</summary>
    Delivered,

    /// <summary>Given up: a permanent refusal (4xx, a refused address), or the retry window ran out.</summary>
    Failed,
}

public enum AttemptOutcome
{
    InFlight,
    Delivered,
    WillRetry,
    Failed,

    /// <summary>The process making the attempt stopped before it heard an answer; another took the delivery over.</summary>
    Interrupted,
}

/// <summary>One attempt to deliver: when, how it ended, the receiver's status code, and what went wrong.</summary>
public sealed record DeliveryAttempt(
    int Attempt, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, AttemptOutcome Outcome, int? StatusCode, string? Error);

/// <summary>A completion webhook call of one run's turn, and its attempts so far, as people see it.</summary>
public sealed record WebhookDelivery(
    Guid Id,
    Guid RunId,
    string Url,
    RunStatus RunStatus,
    DeliveryStatus Status,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SettledAt,
    IReadOnlyList<DeliveryAttempt> Attempts);

/// <summary>How the run's turn ended, as the receiver is told: fixed when the turn ended, the same on every attempt.</summary>
public sealed record RunEnd(
    Guid RunId,
    Guid ThreadId,
    Guid AgentId,
    RunStatus Status,
    string? ErrorCode,
    string? Error,
    string? FinalAnswer,
    long InputTokens,
    long OutputTokens,
    DateTimeOffset EndedAt);

/// <summary>A delivery this process claimed, to make attempt <see cref="Attempt"/> of it. <see cref="Secret"/> is encrypted.</summary>
public sealed record ClaimedDelivery(Guid Id, string Url, string? Secret, int Attempt, DateTimeOffset CreatedAt, RunEnd Run)
{
    /// <summary>Keeps the secret out of logs.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Id = {Id}, Attempt = {Attempt}");
        return true;
    }
}
