using System.Text.Json;
using Everruns.Data.Agents;
using Everruns.Worker.Execution;
using Everruns.Worker.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

public sealed class BuiltinToolsTests
{
    [Fact]
    public void Catalog_describes_every_builtin_with_an_object_schema()
    {
        Assert.Equal(["current_time", "http_fetch"], BuiltinTools.Names.Order());
        Assert.All(BuiltinTools.Catalog.Values, tool =>
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            Assert.Equal("object", tool.Parameters.GetProperty("type").GetString());
        });
        Assert.Equal("string", BuiltinTools.Catalog["http_fetch"].Parameters.GetProperty("properties").GetProperty("url").GetProperty("type").GetString());
    }

    [Fact]
    public void Catalog_fills_in_what_a_builtin_definition_leaves_out()
    {
        var completed = BuiltinTools.WithCatalogDefaults(new ToolDefinition { Type = ToolType.Builtin, Name = "http_fetch" });

        Assert.Equal(BuiltinTools.Catalog["http_fetch"].Description, completed.Description);
        Assert.Equal(BuiltinTools.Catalog["http_fetch"].Parameters.GetRawText(), completed.Parameters!.Value.GetRawText());

        var own = new ToolDefinition { Type = ToolType.Builtin, Name = "current_time", Description = "What time is it?" };
        Assert.Equal("What time is it?", BuiltinTools.WithCatalogDefaults(own).Description);
    }

    [Fact]
    public async Task Invoker_runs_builtins_and_webhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200, """{"from":"webhook"}""");
        using var webhooks = Invoker();
        using var fetch = new HttpFetchTool(new OutboundAddressPolicy(allowPrivateNetworks: true));
        using var mcp = new McpConnector(new ToolsOptions());
        var invoker = new ToolInvoker(
            new BuiltinTools(new CurrentTimeTool(TimeProvider.System), fetch), webhooks, new McpToolInvoker(mcp, NullLogger<McpToolInvoker>.Instance));

        var time = await invoker.InvokeAsync(Builtin("current_time", new { }), Ct);
        var fetched = await invoker.InvokeAsync(Builtin("http_fetch", new { url = receiver.Url }), Ct);
        var hooked = await invoker.InvokeAsync(Webhook(receiver.Url), Ct);
        var unknown = await invoker.InvokeAsync(Builtin("teleport", new { }), Ct);

        Assert.True(DateTimeOffset.TryParse(Json(time.Content).GetProperty("utc").GetString(), out _));
        Assert.Equal("""{"from":"webhook"}""", Json(fetched.Content).GetProperty("content").GetString());
        Assert.Equal("""{"from":"webhook"}""", hooked.Content);
        Assert.Contains("teleport", ErrorOf(unknown).GetString());
    }

    [Fact]
    public async Task Results_keep_their_text_unescaped_for_the_model()
    {
        const string Page = "<p>a+b & \"c\" é → ok</p>";
        await using var receiver = await WebhookReceiver.StartAsync((_, context) => WebhookReceiver.Reply(context, 200, Page, "text/html"));
        using var fetch = new HttpFetchTool(new OutboundAddressPolicy(allowPrivateNetworks: true));
        var builtins = new BuiltinTools(new CurrentTimeTool(TimeProvider.System), fetch);

        var time = await builtins.InvokeAsync(Builtin("current_time", new { }), Ct);
        var fetched = await builtins.InvokeAsync(Builtin("http_fetch", new { url = receiver.Url }), Ct);
        var failed = await builtins.InvokeAsync(Builtin("http_fetch", new { url = "ftp://a+b.test/<x>" }), Ct);

        Assert.Contains("+00:00", time.Content, StringComparison.Ordinal);
        Assert.Contains("""<p>a+b & \"c\" é → ok</p>""", fetched.Content, StringComparison.Ordinal);
        Assert.Contains("needs a 'url' argument", failed.Content, StringComparison.Ordinal);
        Assert.All(new[] { time, fetched, failed }, result => Assert.DoesNotContain("\\u", result.Content, StringComparison.Ordinal));
    }

    private static ToolInvocation Builtin(string name, object arguments) =>
        new(Guid.NewGuid(), new ToolCallRecord("call_1", name, JsonSerializer.SerializeToElement(arguments)), new ToolDefinition { Type = ToolType.Builtin, Name = name });
}
