namespace Everruns.Worker.Tools;

/// <summary>Built-in <c>current_time</c>: the current UTC time.</summary>
public sealed class CurrentTimeTool(TimeProvider time)
{
    public static readonly BuiltinToolDescriptor Descriptor = BuiltinToolDescriptor.Create(
        "current_time",
        "Returns the current date and time in UTC, in ISO 8601 format.",
        """{"type":"object","properties":{},"additionalProperties":false}""");

    public ToolResult Invoke() => ToolResult.Success(ToolResultJson.Serialize(new { utc = time.GetUtcNow().ToString("O") }));
}
