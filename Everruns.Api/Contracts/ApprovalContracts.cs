using System.Text.Json;
using Everruns.Data.Approvals;

namespace Everruns.Api.Contracts;

public sealed record ApprovalRequest(string ToolCallId, ApprovalDecision Decision, JsonElement? Arguments = null, string? Reason = null);

public sealed record ApprovalResponse(
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
    public static ApprovalResponse From(ToolApproval approval) => new(
        approval.RunId, approval.ToolCallId, approval.ToolName, approval.Arguments, approval.Status, approval.DecidedArguments,
        approval.Reason, approval.CreatedAt, approval.ExpiresAt, approval.DecidedAt);
}
