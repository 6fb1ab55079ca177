using System.Text.Json;

namespace Everruns.Data.Approvals;

public enum ApprovalStatus
{
    Pending,
    Approved,
    Denied,
    Expired,
}

/// <summary>A tool call that waits for a person's yes or no before it runs.</summary>
public sealed record ToolApproval(
    Guid RunId,
    string ToolCallId,
    string ToolName,
    JsonElement Arguments,
    ApprovalStatus Status,
    JsonElement? DecidedArguments,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? DecidedAt)
{
    /// <summary>The arguments the tool runs with: the edited ones when the approver changed them.</summary>
    public JsonElement EffectiveArguments => DecidedArguments ?? Arguments;
}

public sealed record PendingApproval(string ToolCallId, string ToolName, JsonElement Arguments);

public enum ApprovalDecision
{
    Approve,
    Deny,
}

/// <summary>What answering an approval did.</summary>
public abstract record ApprovalAnswer
{
    /// <summary>Recorded (or the same answer was given before).</summary>
    public sealed record Recorded(ToolApproval Approval) : ApprovalAnswer;

    public sealed record NotFound : ApprovalAnswer;

    /// <summary>The approval was already answered otherwise, or expired.</summary>
    public sealed record AlreadyDecided(ToolApproval Approval) : ApprovalAnswer;
}
