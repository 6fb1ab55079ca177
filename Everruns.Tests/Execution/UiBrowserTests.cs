using System.Text.Json;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Execution;

/// <summary>
/// The web UI in Debian's Chromium (playwright-core) against the stack the AppHost runs, with the simulator
/// (ui/e2e): create an agent, chat with a streamed answer, approve a tool call, stop a run, reload mid-stream, open
/// a run's timeline, create, pause, run and delete schedules, add MCP servers to an agent and see their tools; and,
/// against an API that asks for a key, the key prompt. Screenshots land in ui/test-results/screenshots.
/// </summary>
public sealed class UiBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string BootstrapKey = "ui-browser-bootstrap-key-0123456789";

    [Fact]
    public async Task The_ui_works_in_a_real_browser_against_the_real_stack()
    {
        // A real MCP server for the tools editor's MCP tests (ui/e2e/mcp-tools.test.mjs), over HTTP and as a program.
        const string McpToken = "ui-browser-mcp-token";
        await using var mcp = await McpTestServerProcess.StartAsync(McpToken);
        var (command, args) = McpTestServerProcess.StdioCommand;
        var output = await RunAsync(
            // Private networks allowed: the completion webhook test's receiver and the MCP test server listen on loopback.
            new Dictionary<string, string>
            {
                ["Models__Simulator__TokensPerSecond"] = "30",
                ["Tools__AllowPrivateNetworks"] = "true",
                ["Tools__AllowStdioMcp"] = "true",
            },
            "npm",
            ["run", "test:e2e"],
            new Dictionary<string, string>
            {
                ["EVERRUNS_MCP_URL"] = mcp.McpUrl,
                ["EVERRUNS_MCP_TOKEN"] = McpToken,
                ["EVERRUNS_MCP_STDIO"] = JsonSerializer.Serialize(new { command, args }),
            });

        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
        Assert.Matches(@"\nok \d+ - MCP servers in the tools editor\r?\n", output);
    }

    [Fact]
    public async Task The_ui_asks_for_an_api_key_when_the_api_wants_one_and_keeps_it_for_the_session()
    {
        var output = await RunAsync(
            new Dictionary<string, string> { ["Auth__Mode"] = "ApiKey", ["Auth__BootstrapKey"] = BootstrapKey },
            "node",
            ["--test", "e2e/api-key.test.mjs"],
            new Dictionary<string, string> { ["EVERRUNS_API_KEY"] = BootstrapKey });

        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
        Assert.Contains("# skipped 0", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts the stack as the AppHost runs it (embedded PostgreSQL, the API with <paramref name="settings"/>, the web UI
    /// in front of it), through Aspire.Hosting.Testing on free ports, and runs browser tests against it.
    /// </summary>
    private static async Task<string> RunAsync(
        Dictionary<string, string> settings, string command, string[] arguments, Dictionary<string, string>? environment = null)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (./test.sh does it).");

        settings["Logging__LogLevel__Default"] = "Warning";
        await using var stack = await AspireStack.StartAsync(withUi: true, settings);
        environment ??= [];
        environment["EVERRUNS_UI_URL"] = stack.Address("ui");
        environment["EVERRUNS_API_URL"] = stack.Address("api");
        environment["CHROMIUM_PATH"] = Chromium;
        var (exitCode, output) = await NodeScript.RunAsync(command, arguments, UiFolder, environment, TimeSpan.FromMinutes(8));

        Assert.True(exitCode == 0, $"The browser tests failed:\n{output}");
        return output;
    }

    private static string UiFolder => Path.Combine(Repository.Root, "ui");
}
