using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.AspNetCore;

namespace Everruns.McpTestServer;

/// <summary>
/// An MCP server for tests: <c>--stdio</c> serves over standard input and output; otherwise Streamable HTTP on
/// <c>/mcp</c> (the address from <c>--urls</c>; with <c>--legacy-sse</c>, the older HTTP+SSE transport on
/// <c>/mcp/sse</c> as well), with <c>GET /calls</c> listing the tool calls it received (their <c>_meta</c> included)
/// and, when <c>MCP_TEST_TOKEN</c> is set, <c>Authorization: Bearer &lt;token&gt;</c> required.
/// </summary>
public static class TestServerProgram
{
    public static async Task Main(string[] args)
    {
        if (args.Contains("--stdio"))
        {
            var host = Host.CreateApplicationBuilder(args);
            host.Logging.ClearProviders();
            host.Services.AddSingleton<CallLog>();
            host.Services.AddMcpServer().WithStdioServerTransport().WithTools<TestTools>();
            await host.Build().RunAsync();
            return;
        }

        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<CallLog>();
        var legacySse = args.Contains("--legacy-sse");
        if (legacySse)
        {
            // The older HTTP+SSE transport as well, which needs sessions kept in memory.
            AppContext.SetSwitch("ModelContextProtocol.AspNetCore.EnableLegacySse", true);
        }

        builder.Services.AddMcpServer()
            .WithHttpTransport(options => options.SessionMode = legacySse ? HttpServerSessionMode.Stateful : options.SessionMode)
            .WithTools<TestTools>();
        var app = builder.Build();

        var token = Environment.GetEnvironmentVariable("MCP_TEST_TOKEN");
        app.Use(async (context, next) =>
        {
            if (!string.IsNullOrEmpty(token) && context.Request.Path.StartsWithSegments("/mcp")
                && context.Request.Headers.Authorization.ToString() != $"Bearer {token}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next();
        });
        app.MapGet("/health", () => "ok");
        app.MapGet("/calls", (CallLog calls) => calls.All());
        app.MapMcp("/mcp");
        await app.RunAsync();
    }
}
