using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Everruns.McpTestServer;

[McpServerToolType]
public sealed class TestTools(CallLog log)
{
    [McpServerTool(Name = "echo"), Description("Says the text back.")]
    public string Echo(RequestContext<CallToolRequestParams> request, [Description("The text to say back.")] string text)
    {
        var call = Record(request);
        call.Finished = true;
        return $"echo: {text}";
    }

    [McpServerTool(Name = "add"), Description("Adds two whole numbers.")]
    public int Add(RequestContext<CallToolRequestParams> request, [Description("The first number.")] int a, [Description("The second number.")] int b)
    {
        var call = Record(request);
        call.Finished = true;
        return a + b;
    }

    [McpServerTool(Name = "wait"), Description("Waits the given number of milliseconds, then says so.")]
    public async Task<string> Wait(RequestContext<CallToolRequestParams> request, [Description("How long to wait.")] int ms, CancellationToken cancellationToken)
    {
        var call = Record(request);
        try
        {
            await Task.Delay(ms, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            call.Cancelled = true;
            throw;
        }

        call.Finished = true;
        return $"waited {ms} ms";
    }

    [McpServerTool(Name = "fail"), Description("Always fails, with the given reason.")]
    public string Fail(RequestContext<CallToolRequestParams> request, [Description("Why it fails.")] string reason)
    {
        var call = Record(request);
        call.Finished = true;
        throw new McpException($"failed on purpose: {reason}");
    }

    [McpServerTool(Name = "read.file"), Description("A tool whose name has a dot, which model providers do not accept.")]
    public string ReadFile(RequestContext<CallToolRequestParams> request)
    {
        var call = Record(request);
        call.Finished = true;
        return "the file's text";
    }

    private ReceivedCall Record(RequestContext<CallToolRequestParams> request) => log.Add(new ReceivedCall
    {
        Tool = request.Params?.Name ?? "",
        Arguments = JsonSerializer.SerializeToNode(request.Params?.Arguments ?? new Dictionary<string, JsonElement>()) as JsonObject ?? [],
        Meta = request.Params?.Meta?.DeepClone() as JsonObject,
    });
}
