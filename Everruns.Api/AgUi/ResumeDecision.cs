using System.Text.Json;
using Everruns.Data.Approvals;

namespace Everruns.Api.AgUi;

/// <summary>
/// Reads an AG-UI resume entry as an approval decision. <c>resolved</c> approves, unless its payload says
/// <c>{"approved": false}</c> (or is <c>false</c>); the payload may carry edited <c>arguments</c> and a <c>reason</c>.
/// <c>cancelled</c> denies.
/// </summary>
public static class ResumeDecision
{
    public static (ApprovalDecision Decision, string? ArgumentsJson, string? Reason) From(AgUiResumeEntry entry)
    {
        if (entry.Status != "resolved")
        {
            return (ApprovalDecision.Deny, null, "The client cancelled this tool call.");
        }

        if (entry.Payload is not { } payload)
        {
            return (ApprovalDecision.Approve, null, null);
        }

        if (payload.ValueKind is JsonValueKind.False)
        {
            return (ApprovalDecision.Deny, null, null);
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            return (ApprovalDecision.Approve, null, null);
        }

        var approved = !payload.TryGetProperty("approved", out var flag) || flag.ValueKind != JsonValueKind.False;
        var arguments = payload.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.Object ? args.GetRawText() : null;
        var reason = payload.TryGetProperty("reason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
        return (approved ? ApprovalDecision.Approve : ApprovalDecision.Deny, approved ? arguments : null, reason);
    }
}
