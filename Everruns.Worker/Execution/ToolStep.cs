using Everruns.Data.AgUi;
using Everruns.Data.Approvals;
using Everruns.Data.Threads;
using Everruns.Worker.Telemetry;
using Everruns.Worker.Tools;

namespace Everruns.Worker.Execution;

/// <summary>Runs the tool calls the model asked for, in parallel, and stores each result as a tool message.</summary>
public sealed class ToolStep(IToolInvoker tools, RunEvents events, MessageStore messages)
{
    public async Task<IReadOnlyList<Message>> RunAsync(
        RunTurn turn, IReadOnlyList<PlannedToolCall> calls, int iteration, CancellationToken cancellationToken)
    {
        var step = $"tool_calls_{iteration}";
        events.Emit(turn.Run.Id, new StepStartedEvent(step));
        var results = await Task.WhenAll(calls.Select(call => RunOneAsync(turn, call, cancellationToken)));
        events.Emit(turn.Run.Id, new StepFinishedEvent(step));
        return results;
    }

    private async Task<Message> RunOneAsync(RunTurn turn, PlannedToolCall planned, CancellationToken cancellationToken)
    {
        var call = planned.Call;
        using var span = AgentTelemetry.StartToolCall(call.Name, call.Id, turn.Run.Id);
        var result = (planned.Definition, planned.Approval) switch
        {
            (null, _) => ToolResult.Error($"The agent has no tool named '{call.Name}'."),
            (_, { Status: ApprovalStatus.Denied } denied) => ToolResult.Error(
                $"A person denied this tool call{(string.IsNullOrWhiteSpace(denied.Reason) ? "." : $": {denied.Reason}")}"),
            (_, { Status: ApprovalStatus.Expired }) => ToolResult.Error("Nobody approved this tool call in time; it did not run."),
            (var definition, var approval) => await tools.InvokeAsync(
                new ToolInvocation(turn.Run.Id, approval is null ? call : call with { Arguments = approval.EffectiveArguments }, definition),
                cancellationToken),
        };

        var saved = await messages.AddAsync(
            new NewMessage(turn.Run.ThreadId, MessageRole.Tool, result.Content, turn.Run.Id, ToolCallId: call.Id),
            cancellationToken);
        events.Emit(turn.Run.Id, new ToolCallResultEvent(saved.Id.ToString(), call.Id, result.Content) { Role = "tool" });
        return saved;
    }
}
