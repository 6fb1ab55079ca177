using Everruns.Data.Agents;
using Everruns.Worker.Execution;

namespace Everruns.Worker.Tools;

/// <summary>
/// One call of a tool. <see cref="IdempotencyKey"/> is the same every time the same call is made, also when a
/// resumed run repeats a call that was cut off, so a receiver can recognise a repeat.
/// </summary>
public sealed record ToolInvocation(Guid RunId, ToolCallRecord Call, ToolDefinition Definition)
{
    public string IdempotencyKey => $"{RunId}:{Call.Id}";

    // The generated ToString would print the definition, secret and headers included.
    public override string ToString() => $"ToolInvocation {{ RunId = {RunId}, CallId = {Call.Id}, Tool = {Definition.Name} }}";
}

/// <summary>What a tool gave back. A failure is given to the model as the result; it does not fail the run.</summary>
public sealed record ToolResult(string Content, bool IsError)
{
    public static ToolResult Success(string content) => new(content, false);

    public static ToolResult Error(string message) => new(ToolResultJson.Serialize(new { error = message }), true);
}

public interface IToolInvoker
{
    Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}
