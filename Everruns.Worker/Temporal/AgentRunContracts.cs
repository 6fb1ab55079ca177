using System.Text.Json.Serialization;

namespace Everruns.Worker.Temporal;

// The data the workflow and its activities exchange. It is stored in workflow histories, so it only grows:
// rename nothing, and give new members defaults.

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

    /// <summary>The workflow holds the run, and someone asked it to stop before it began.</summary>
    CancelRequested,

    /// <summary>The run has ended already, or does not exist.</summary>
    Ended,

    /// <summary>Another executor holds the run.</summary>
    HeldElsewhere,
}

public sealed record BeginResult(RunClaim Claim, AgentStep? Next = null);

public sealed record ModelCallInput(Guid RunId, int Iteration);

public sealed record ToolCallsInput(Guid RunId, int Iteration, IReadOnlyList<ToolApproval> Approvals);

public sealed record PauseInput(Guid RunId, IReadOnlyList<PendingToolCall> Calls);

[JsonConverter(typeof(JsonStringEnumConverter<FinishKind>))]
public enum FinishKind
{
    Completed,
    Failed,
    Cancelled,
}

public sealed record FinishInput(Guid RunId, FinishKind Kind, string? Message = null, string? Code = null);
