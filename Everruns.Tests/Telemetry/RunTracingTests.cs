using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Telemetry;

namespace Everruns.Tests.Telemetry;

/// <summary>
/// A run is traced as the Aspire dashboard shows it: an <c>invoke_agent</c> span with a child per model call
/// (<c>chat</c>, model and token usage) and per tool call (<c>execute_tool</c>), in the gen-ai semantic conventions.
/// </summary>
public sealed class RunTracingTests(ApiFixture api)
{
    [Fact]
    public async Task A_run_with_a_tool_call_is_one_span_with_its_model_and_tool_calls_below()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AgentTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var client = api.CreateClient();
        var agent = await client.PostJsonAsync(
            "/v1/agents",
            new { name = "traced", definition = new { tools = new[] { new { type = "builtin", name = "current_time" } } } },
            HttpStatusCode.Created);

        var (_, run) = await client.AskAsync(agent, "What time is it? [tool:current_time]");
        await client.WaitForStatusAsync(run.Id(), "completed");

        var ofRun = spans.Where(span => (string?)span.GetTagItem("everruns.run.id") == run.Id()).ToList();
        var invoke = Assert.Single(ofRun, span => span.OperationName == "invoke_agent");
        Assert.Equal("invoke_agent traced", invoke.DisplayName);
        Assert.Equal(agent.Id(), invoke.GetTagItem("gen_ai.agent.id"));

        var chats = ofRun.Where(span => (string?)span.GetTagItem("gen_ai.operation.name") == "chat").ToList();
        Assert.Equal(2, chats.Count);
        Assert.All(chats, chat =>
        {
            Assert.Equal(invoke.SpanId, chat.ParentSpanId);
            Assert.Equal("sim", chat.GetTagItem("gen_ai.provider.name"));
            Assert.Equal("default", chat.GetTagItem("gen_ai.request.model"));
            Assert.True((long)chat.GetTagItem("gen_ai.usage.output_tokens")! > 0);
            Assert.True((long)chat.GetTagItem("gen_ai.usage.input_tokens")! > 0);
        });

        var tool = Assert.Single(ofRun, span => (string?)span.GetTagItem("gen_ai.operation.name") == "execute_tool");
        Assert.Equal(invoke.SpanId, tool.ParentSpanId);
        Assert.Equal("current_time", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("execute_tool current_time", tool.DisplayName);
    }
}
