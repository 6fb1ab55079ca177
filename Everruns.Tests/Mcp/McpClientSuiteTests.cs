using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Mcp;

/// <summary>
/// The official MCP TypeScript SDK's <c>Client</c> (npm <c>@modelcontextprotocol/sdk</c>) against the real API's
/// <c>/mcp</c> over HTTP, with API keys required (see tests/mcp-client).
/// </summary>
public sealed class McpClientSuiteTests(ApiFixture api)
{
    [Fact]
    public async Task The_official_client_uses_every_tool_of_the_mcp_endpoint()
    {
        var folder = Path.Combine(Repository.Root, "tests", "mcp-client");
        await NodeScript.EnsureInstalledAsync(folder);
        var database = await api.Postgres.CreateDatabaseAsync("everruns_mcp");
        const string BootstrapKey = "evr_bootstrap_mcp_suite_4b1d";
        var process = await ApiProcess.StartAsync(database, FreePort.Find(), new Dictionary<string, string>
        {
            ["Auth__Mode"] = "ApiKey",
            ["Auth__BootstrapKey"] = BootstrapKey,
            ["Models__Simulator__TokensPerSecond"] = "100",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        try
        {
            var (exitCode, output) = await NodeScript.RunAsync(
                "node", ["--test", "--test-reporter=spec"], folder,
                new Dictionary<string, string>
                {
                    ["EVERRUNS_API_URL"] = process.Address.ToString().TrimEnd('/'),
                    ["EVERRUNS_BOOTSTRAP_KEY"] = BootstrapKey,
                });

            Assert.True(exitCode == 0, $"The MCP client suite failed:\n{output}\nAPI:\n{process.RecentOutput}");
            Assert.Contains("pass 7", output, StringComparison.Ordinal);
        }
        finally
        {
            await process.DisposeAsync();
            await api.Postgres.DropDatabaseAsync(database);
        }
    }
}
