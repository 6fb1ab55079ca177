using Everruns.Data.Agents;
using Everruns.Data.Approvals;
using Everruns.Data.Runs;
using Everruns.Data.Threads;

namespace Everruns.Worker.Execution;

/// <summary>A tool call ready to run: the tool it names (if any) and, for a tool that needs one, the approval.</summary>
public sealed record PlannedToolCall(ToolCallRecord Call, ToolDefinition? Definition, ToolApproval? Approval);

/// <summary>What the next step of a run is, read from the thread: the messages are the checkpoint.</summary>
public abstract record NextStep
{
    public sealed record CallModel(int Iteration) : NextStep;

    public sealed record RunTools(IReadOnlyList<PlannedToolCall> Calls, int Iteration) : NextStep;

    /// <summary>These calls need a person's approval first: the run waits.</summary>
    public sealed record AwaitApproval(IReadOnlyList<ToolCallRecord> Calls, int Iteration) : NextStep;

    /// <summary>The model answered; frontend tool calls, if any, are left to the AG-UI client.</summary>
    public sealed record Finish(IReadOnlyList<string> PendingClientToolCalls) : NextStep;

    public sealed record TooManyIterations(int Limit) : NextStep;
}

/// <summary>The state a run's steps work on: the run, its agent, the thread's messages and the approvals so far.</summary>
public sealed record RunTurn(Run Run, Agent Agent, IReadOnlyList<Message> Messages, IReadOnlyList<ToolApproval> Approvals)
{
    public IEnumerable<Message> OwnMessages => Messages.Where(message => message.RunId == Run.Id);

    /// <summary>The turn after a step that stored <paramref name="stored"/>.</summary>
    public RunTurn With(IReadOnlyList<Message> stored) => this with { Messages = [.. Messages, .. stored] };

    /// <summary>The agent's tools and the frontend tools its AG-UI client offered for this run.</summary>
    public IReadOnlyList<ToolDefinition> Tools =>
        [.. Agent.Definition.Tools, .. (Run.Input?.Tools ?? []).Where(t => Agent.Definition.Tools.All(a => a.Name != t.Name)).Select(t => t.ToDefinition())];

    public NextStep Next(int maxIterations)
    {
        var own = OwnMessages.ToList();
        var iterations = own.Count(message => message.Role == MessageRole.Assistant);
        var lastAssistant = own.LastOrDefault(message => message.Role == MessageRole.Assistant);
        if (lastAssistant is not null)
        {
            var answered = own.Where(message => message.Role == MessageRole.Tool).Select(message => message.ToolCallId).ToHashSet();
            var pending = ToolCalls.Read(lastAssistant).Where(call => !answered.Contains(call.Id)).ToList();
            if (ToolCalls.Read(lastAssistant).Count == 0)
            {
                return new NextStep.Finish([]);
            }

            if (pending.Count > 0)
            {
                return Plan(pending, iterations);
            }
        }

        return iterations >= maxIterations ? new NextStep.TooManyIterations(maxIterations) : new NextStep.CallModel(iterations + 1);
    }

    private NextStep Plan(IReadOnlyList<ToolCallRecord> pending, int iteration)
    {
        var runnable = new List<PlannedToolCall>();
        var needApproval = new List<ToolCallRecord>();
        var forClient = new List<string>();
        foreach (var call in pending)
        {
            var tool = Tools.FirstOrDefault(t => t.Name == call.Name);
            var approval = Approvals.FirstOrDefault(a => a.ToolCallId == call.Id);
            if (tool?.Type == ToolType.Frontend)
            {
                forClient.Add(call.Id);
            }
            else if (tool?.Policy == ToolPolicy.RequiresApproval && approval is not { Status: not ApprovalStatus.Pending })
            {
                needApproval.Add(call);
            }
            else
            {
                runnable.Add(new PlannedToolCall(call, tool, approval));
            }
        }

        if (runnable.Count > 0)
        {
            return new NextStep.RunTools(runnable, iteration);
        }

        return needApproval.Count > 0 ? new NextStep.AwaitApproval(needApproval, iteration) : new NextStep.Finish(forClient);
    }
}
