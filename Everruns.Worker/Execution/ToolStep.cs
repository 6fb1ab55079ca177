using Everruns.Data.AgUi;
using Everruns.Data.Approvals;
using Everruns.Data.Events;
using Everruns.Data.Threads;
using Everruns.Worker.Telemetry;
using Everruns.Worker.Tools;

namespace Everruns.Worker.Execution;

/// <summary>
/// Runs the tool calls the model asked for, in parallel, each held to its <see cref="ToolBudget"/> and to the
/// decision of a person where the tool needs one, and stores each result as a tool message (with the run's events).
/// </summary>
public sealed class ToolStep(IToolInvoker tools, RunEvents events)
{
    public async Task<IReadOnlyList<Message>> RunAsync(RunTurn turn, NextStep.RunTools step, CancellationToken cancellationToken)
    {
        var name = $"tool_calls_{step.Iteration}";
        events.Emit(turn.Run.Id, new StepStartedEvent(name));
        var results = await Task.WhenAll(step.Calls.Select(call => RunOneAsync(turn, call, cancellationToken)));
        events.Emit(turn.Run.Id, new StepFinishedEvent(name));
        return results;
    }

    private async Task<Message> RunOneAsync(RunTurn turn, ToolCallRecord call, CancellationToken cancellationToken)
    {
        using var span = AgentTelemetry.StartToolCall(call.Name, call.Id, turn.Run.Id);
        var result = (turn.ToolNamed(call.Name), turn.ApprovalOf(call.Id)) switch
        {
            (null, _) => ToolResult.Error($"The agent has no tool named '{call.Name}'."),
            (_, { Status: ApprovalStatus.Denied } denied) => ToolResult.Error(
                $"A person denied this tool call{(string.IsNullOrWhiteSpace(denied.Reason) ? "." : $": {denied.Reason}")}"),
            (_, { Status: ApprovalStatus.Expired }) => ToolResult.Error("Nobody approved this tool call in time; it did not run."),
            (var definition, var approval) => await InvokeWithinBudgetAsync(
                new ToolInvocation(turn.Run.Id, approval is null ? call : call with { Arguments = approval.EffectiveArguments }, definition),
                cancellationToken),
        };

        var saved = await events.StoreMessageAsync(
            turn.Run.Id, RunMessage.ToolResult(Guid.CreateVersion7(), turn.Run.ThreadId, call.Id, result.Content), cancellationToken);
        events.Emit(turn.Run.Id, new ToolCallResultEvent(saved.Id.ToString(), call.Id, result.Content) { Role = "tool" });
        return saved;
    }

    /// <summary>A tool that overruns its budget answers with an error result.</summary>
    private async Task<ToolResult> InvokeWithinBudgetAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var budget = ToolBudget.For(invocation.Definition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        try
        {
            return await tools.InvokeAsync(invocation, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolResult.Error($"The tool '{invocation.Definition.Name}' did not answer within {budget.TotalSeconds:0} seconds.");
        }
    }
}
