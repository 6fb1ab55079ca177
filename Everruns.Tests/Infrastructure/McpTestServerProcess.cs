using System.Diagnostics;
using System.Text.Json.Nodes;
using Everruns.Hosting.Processes;

namespace Everruns.Tests.Infrastructure;

/// <summary>
/// The test MCP server (tests/mcp-test-server, made with the official C# SDK) as a child process on a free port:
/// Streamable HTTP on <see cref="McpUrl"/>, and the calls it received on <c>/calls</c>.
/// </summary>
public sealed class McpTestServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly OutputTail output = new(100);
    private readonly HttpClient http;

    private McpTestServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public string McpUrl => new Uri(Address, "/mcp").ToString();

    /// <summary>The server's program, for a stdio entry: <c>command</c> and the start of <c>args</c>.</summary>
    public static (string Command, string[] Args) StdioCommand =>
        (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [typeof(global::Everruns.McpTestServer.TestServerProgram).Assembly.Location, "--stdio"]);

    /// <param name="token">When given, the server requires <c>Authorization: Bearer &lt;token&gt;</c>.</param>
    /// <param name="legacySse">Whether the server also speaks the older HTTP+SSE transport, on <c>/mcp/sse</c>.</param>
    public static async Task<McpTestServerProcess> StartAsync(string? token = null, bool legacySse = false)
    {
        var port = FreePort.Find();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        string[] arguments = [typeof(global::Everruns.McpTestServer.TestServerProgram).Assembly.Location, "--urls", $"http://127.0.0.1:{port}"];
        var start = new ProcessStartInfo(dotnet, legacySse ? [.. arguments, "--legacy-sse"] : arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (token is not null)
        {
            start.Environment["MCP_TEST_TOKEN"] = token;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The MCP test server did not start.");
        var server = new McpTestServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => server.output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ChildHealth.WaitAsync(process, server.Address, "MCP test server", () => server.output.Last(30));
        return server;
    }

    /// <summary>The tool calls the server received, oldest first.</summary>
    public async Task<JsonArray> CallsAsync() => (await http.GetJsonAsync("/calls")).AsArray();

    /// <summary>Waits until the server received a call that <paramref name="match"/> accepts.</summary>
    public async Task<JsonNode> WaitForCallAsync(Func<JsonNode, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if ((await CallsAsync()).FirstOrDefault(call => match(call!)) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The MCP test server received no such call. It received: {await CallsAsync()}");
    }

    /// <summary>Stops the server, as a server that goes down.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await StopAsync();
        process.Dispose();
    }
}
