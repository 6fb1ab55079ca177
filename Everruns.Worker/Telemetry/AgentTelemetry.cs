using System.Diagnostics;
using Everruns.Data.Agents;
using Everruns.Data.Runs;

namespace Everruns.Worker.Telemetry;

/// <summary>
/// The spans of agent work, in the OpenTelemetry semantic conventions for generative AI: one per run
/// (<c>invoke_agent</c>), with a child per model call (<c>chat</c>, with the model and its token usage) and per tool
/// call (<c>execute_tool</c>). Service defaults export every <c>Everruns.*</c> source.
/// </summary>
public static class AgentTelemetry
{
    public const string SourceName = "Everruns.Agents";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The span of one execution of a run (a resumed run gets one per attempt).</summary>
    public static Activity? StartRun(Run run)
    {
        var activity = Source.StartActivity("invoke_agent", ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.id", run.AgentId.ToString());
        activity?.SetTag("gen_ai.conversation.id", run.ThreadId.ToString());
        activity?.SetTag("everruns.run.id", run.Id.ToString());
        activity?.SetTag("everruns.run.attempt", run.Attempt);
        return activity;
    }

    /// <summary>Names the run's span after its agent, once the agent is loaded.</summary>
    public static void DescribeAgent(Activity? activity, Agent agent)
    {
        activity?.SetTag("gen_ai.agent.name", agent.Name);
        activity?.DisplayName = $"invoke_agent {agent.Name}";
    }

    public static Activity? StartModelCall(ModelId model, Guid runId, int iteration)
    {
        var activity = Source.StartActivity($"chat {model.Model}", ActivityKind.Client);
        activity?.SetTag("gen_ai.operation.name", "chat");
        activity?.SetTag("gen_ai.provider.name", model.Provider);
        activity?.SetTag("gen_ai.request.model", model.Model);
        activity?.SetTag("everruns.run.id", runId.ToString());
        activity?.SetTag("everruns.iteration", iteration);
        return activity;
    }

    public static void RecordUsage(Activity? activity, long inputTokens, long outputTokens)
    {
        activity?.SetTag("gen_ai.usage.input_tokens", inputTokens);
        activity?.SetTag("gen_ai.usage.output_tokens", outputTokens);
    }

    public static Activity? StartToolCall(string toolName, string toolCallId, Guid runId)
    {
        var activity = Source.StartActivity($"execute_tool {toolName}", ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag("gen_ai.tool.name", toolName);
        activity?.SetTag("gen_ai.tool.call.id", toolCallId);
        activity?.SetTag("everruns.run.id", runId.ToString());
        return activity;
    }

    /// <summary>Marks the span failed (a tool's error result is not a failure: the model gets it as the result).</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }
}
