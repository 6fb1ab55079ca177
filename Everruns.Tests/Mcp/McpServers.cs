using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Mcp;

/// <summary>Two test MCP servers for a test class: one open, one that requires <see cref="Token"/>.</summary>
public sealed class McpServers : IAsyncLifetime
{
    public const string Token = "mcp-token-7f3e9a";

    public McpTestServerProcess Open { get; private set; } = null!;

    public McpTestServerProcess Guarded { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var open = McpTestServerProcess.StartAsync();
        var guarded = McpTestServerProcess.StartAsync(Token);
        Open = await open;
        Guarded = await guarded;
    }

    public async ValueTask DisposeAsync()
    {
        await Open.DisposeAsync();
        await Guarded.DisposeAsync();
    }

    /// <summary>An agent definition whose tools are the MCP server entry <paramref name="entry"/>, and more.</summary>
    public static object Agent(object entry, params object[] more) => new { system_prompt = "Use tools.", tools = new[] { entry }.Concat(more).ToArray() };
}
