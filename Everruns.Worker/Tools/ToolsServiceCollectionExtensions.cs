using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Everruns.Worker.Tools;

public static class ToolsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IToolInvoker"/> with webhook, MCP and built-in tools, and the resolver of agents' tools, configured from the <c>Tools</c> section.
    /// Reads and validates the configuration now, so that a bad setting stops start-up.
    /// </summary>
    public static IServiceCollection AddEverrunsTools(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ToolsOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new OutboundAddressPolicy(options.AllowPrivateNetworks));
        services.AddSingleton<CurrentTimeTool>();
        services.AddSingleton<HttpFetchTool>();
        services.AddSingleton<BuiltinTools>();
        services.AddSingleton<WebhookToolInvoker>();
        services.AddSingleton<McpConnector>();
        services.AddSingleton<McpToolCatalog>();
        services.AddSingleton<McpToolInvoker>();
        services.AddSingleton<AgentToolResolver>();
        services.AddSingleton<IToolInvoker, ToolInvoker>();
        return services;
    }
}
