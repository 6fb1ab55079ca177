using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Everruns.Worker.Tools;

/// <summary>An MCP tool's answer as the tool's result: its structured content as JSON, else its text.</summary>
public static class McpResults
{
    public const int MaxChars = 1024 * 1024;

    public static ToolResult ToToolResult(CallToolResult result)
    {
        var text = Text(result);
        if (result.IsError == true)
        {
            return ToolResult.Error(text.Length == 0 ? "The MCP tool answered with an error." : text);
        }

        if (result.StructuredContent is { } structured && structured.ValueKind is not JsonValueKind.Undefined and not JsonValueKind.Null)
        {
            return ToolResult.Success(Bounded(structured.GetRawText()));
        }

        return ToolResult.Success(text);
    }

    private static string Text(CallToolResult result)
    {
        var parts = result.Content.Select(block => block switch
        {
            TextContentBlock textBlock => textBlock.Text,
            _ => $"[{block.Type} content, not shown]",
        });
        return Bounded(string.Join("\n", parts));
    }

    private static string Bounded(string text) =>
        text.Length <= MaxChars ? text : text[..MaxChars] + $"\n[cut off after {MaxChars / 1024} KiB]";
}
