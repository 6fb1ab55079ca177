using System.Text.Json.Serialization;
using Everruns.Worker.Execution;

namespace Everruns.Worker.Temporal;

// The data the workflow and its activities exchange. It is stored in workflow histories, so it only grows:
// rename nothing, and give new members defaults. The steps themselves are the engine's NextStep, carried as they are.

/// <summary>The workflow's input: the run it drives.</summary>
public sealed record AgentRunInput(Guid RunId);

/// <summary>How the workflow left its run (see <see cref="RunOutcomes"/>).</summary>
public sealed record AgentRunResult(string Outcome);

public static class RunOutcomes
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>The run had ended, or someone else held it, before this workflow could act on it.</summary>
    public const string NotHeld = "not_held";
}

[JsonConverter(typeof(JsonStringEnumConverter<RunClaim>))]
public enum RunClaim
{
    /// <summary>The workflow holds the run; <see cref="BeginResult.Next"/> says what to do.</summary>
    Claimed,

    /// <summary>The run still waits for an approval: the workflow waits for the next <c>Resume</c> signal.</summary>
    Waiting,

    /// <summary>The run has ended (cancelled before it began, say), or it is not this workflow's to drive.</summary>
    Ended,
}

public sealed record BeginResult(RunClaim Claim, NextStep? Next = null);

/// <summary>The step an activity is to take, as the activity before it read it from the thread.</summary>
public sealed record StepInput(Guid RunId, NextStep Step);

[JsonConverter(typeof(JsonStringEnumConverter<FinishKind>))]
public enum FinishKind
{
    /// <summary>The run came to its end step (<see cref="NextStep.Finish"/> or <see cref="NextStep.TooManyIterations"/>).</summary>
    Concluded,

    /// <summary>A step failed: <see cref="FinishInput.Failure"/> says how.</summary>
    Failed,

    /// <summary>The workflow was cancelled.</summary>
    Cancelled,
}

/// <summary>How a failed activity failed, as the workflow saw it: the type and message of its application failure, or that it timed out.</summary>
public sealed record StepFailure(string? Code, string? Message, bool TimedOut = false);

public sealed record FinishInput(Guid RunId, FinishKind Kind, NextStep? Step = null, StepFailure? Failure = null);
