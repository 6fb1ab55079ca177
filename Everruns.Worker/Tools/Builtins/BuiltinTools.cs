using System.Text.Json;

namespace Everruns.Worker.Tools;

/// <summary>Tools that run inside Everruns, named by <c>type: builtin</c> and their name.</summary>
public sealed class BuiltinTools(TimeProvider time)
{
    public static readonly IReadOnlyList<string> Names = ["current_time"];

    public Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(invocation.Definition.Name switch
        {
            "current_time" => ToolResult.Success(JsonSerializer.Serialize(new { utc = time.GetUtcNow().ToString("O") })),
            var name => ToolResult.Error($"There is no built-in tool named '{name}'."),
        });
}
