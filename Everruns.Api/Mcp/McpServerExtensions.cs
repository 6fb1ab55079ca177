using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace Everruns.Api.Mcp;

/// <summary>
/// Everruns as an MCP server: <c>/mcp</c> speaks Streamable HTTP to any MCP client, behind the same API keys as
/// <c>/v1</c> (the authorization fallback policy covers it). Clients that begin with the initialize handshake get a
/// session, so that a cancellation they send reaches the call it cancels.
/// </summary>
public static class McpServerExtensions
{
    public const string Path = "/mcp";

    public static WebApplicationBuilder AddEverrunsMcpServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<McpAgentRuns>();
        builder.Services.AddTransient<IClaimsTransformation, McpSessionIdentity>();
        builder.Services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation
                {
                    Name = "everruns",
                    Title = "Everruns",
                    Version = typeof(McpServerExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0",
                };
                options.ServerInstructions =
                    "Everruns runs AI agents. Find an agent with list_agents, then ask it something with run_agent: the answer comes back as text, "
                    + "with the thread_id to pass to the next run_agent call to continue the same conversation. "
                    + "get_run tells how a run stands; list_messages shows a thread's conversation.";
            })
            .WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.StatefulForInitializeClients)
            .WithTools<EverrunsMcpTools>();
        return builder;
    }

    public static WebApplication MapEverrunsMcp(this WebApplication app)
    {
        app.MapMcp(Path).WithTags("MCP").ExcludeFromDescription();
        return app;
    }
}
