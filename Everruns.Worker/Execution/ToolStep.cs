using Everruns.Data.AgUi;
using Everruns.Data.Threads;
using Everruns.Worker.Tools;

namespace Everruns.Worker.Execution;

/// <summary>Runs the tool calls the model asked for, in parallel, and stores each result as a tool message.</summary>
public sealed class ToolStep(IToolInvoker tools, RunEvents events, MessageStore messages)
{
    public async Task<IReadOnlyList<Message>> RunAsync(
        RunTurn turn, IReadOnlyList<ToolCallRecord> calls, int iteration, CancellationToken cancellationToken)
    {
        var step = $"tool_calls_{iteration}";
        events.Emit(turn.Run.Id, new StepStartedEvent(step));
        var results = await Task.WhenAll(calls.Select(call => RunOneAsync(turn, call, cancellationToken)));
        events.Emit(turn.Run.Id, new StepFinishedEvent(step));
        return results;
    }

    private async Task<Message> RunOneAsync(RunTurn turn, ToolCallRecord call, CancellationToken cancellationToken)
    {
        var definition = turn.Agent.Definition.Tools.FirstOrDefault(tool => tool.Name == call.Name);
        var result = definition is null
            ? ToolResult.Error($"The agent has no tool named '{call.Name}'.")
            : await tools.InvokeAsync(new ToolInvocation(turn.Run.Id, call, definition), cancellationToken);

        var saved = await messages.AddAsync(
            new NewMessage(turn.Run.ThreadId, MessageRole.Tool, result.Content, turn.Run.Id, ToolCallId: call.Id),
            cancellationToken);
        events.Emit(turn.Run.Id, new ToolCallResultEvent(saved.Id.ToString(), call.Id, result.Content) { Role = "tool" });
        return saved;
    }
}
