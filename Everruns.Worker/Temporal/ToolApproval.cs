using System.Text.Json;
using System.Text.Json.Serialization;

namespace Everruns.Worker.Temporal;

[JsonConverter(typeof(JsonStringEnumConverter<ApprovalDecision>))]
public enum ApprovalDecision
{
    [JsonStringEnumMemberName("approve")]
    Approve,

    [JsonStringEnumMemberName("reject")]
    Reject,
}

/// <summary>
/// The payload of the workflow's <c>Approve</c> signal: a decision on one tool call that needs an approval. An
/// approval may replace the call's <paramref name="Arguments"/> (a JSON object); a rejection's
/// <paramref name="Reason"/> is given to the model as the tool's result. The first decision on a call counts.
/// </summary>
public sealed record ToolApproval(string ToolCallId, ApprovalDecision Decision, JsonElement? Arguments = null, string? Reason = null);
