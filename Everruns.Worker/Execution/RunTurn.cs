using Everruns.Data.Agents;
using Everruns.Data.Approvals;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Worker.Tools;

namespace Everruns.Worker.Execution;

/// <summary>The state a run's steps work on: the run, its agent, the thread's messages and the approvals so far.</summary>
public sealed record RunTurn(Run Run, Agent Agent, IReadOnlyList<Message> Messages, IReadOnlyList<ToolApproval> Approvals)
{
    public IEnumerable<Message> OwnMessages => Messages.Where(message => message.RunId == Run.Id);

    /// <summary>The turn after a step that stored <paramref name="stored"/>.</summary>
    public RunTurn With(IReadOnlyList<Message> stored) => this with { Messages = [.. Messages, .. stored] };

    /// <summary>
    /// The agent's tools as resolved for this run: each MCP server entry replaced by the tools it offers (see
    /// <see cref="AgentToolResolver"/>). Null until resolved, which leaves the definition's tools.
    /// </summary>
    public IReadOnlyList<ToolDefinition>? AgentTools { get; init; }

    /// <summary>The agent's tools and the frontend tools its AG-UI client offered for this run.</summary>
    public IReadOnlyList<ToolDefinition> Tools
    {
        get
        {
            var own = AgentTools ?? Agent.Definition.Tools;
            var client = (Run.Input?.Tools ?? [])
                .Where(t => own.All(a => a.Name != t.Name) && McpToolNames.EntryOf(Agent.Definition.Tools, t.Name) is null)
                .Select(t => t.ToDefinition());
            return [.. own, .. client];
        }
    }

    public ToolDefinition? ToolNamed(string name) => Tools.FirstOrDefault(t => t.Name == name) ?? McpToolNames.Unlisted(Agent.Definition.Tools, name);

    public ToolApproval? ApprovalOf(string toolCallId) => Approvals.FirstOrDefault(a => a.ToolCallId == toolCallId);

    /// <summary>Set when the agent's token budget refused the model call this turn was about to make.</summary>
    public RunFailure? OverBudget { get; init; }

    public NextStep Next(int maxIterations)
    {
        if (OverBudget is { } refused)
        {
            return new NextStep.OverBudget(refused.Message);
        }

        var own = OwnMessages.ToList();
        var iterations = own.Count(message => message.Role == MessageRole.Assistant);
        var lastAssistant = own.LastOrDefault(message => message.Role == MessageRole.Assistant);
        if (lastAssistant is not null)
        {
            var asked = ToolCalls.Read(lastAssistant);
            if (asked.Count == 0)
            {
                return new NextStep.Finish([]);
            }

            var answered = own.Where(message => message.Role == MessageRole.Tool).Select(message => message.ToolCallId).ToHashSet();
            var pending = asked.Where(call => !answered.Contains(call.Id)).ToList();
            if (pending.Count > 0)
            {
                return Plan(pending, iterations);
            }
        }

        return iterations >= maxIterations ? new NextStep.TooManyIterations(maxIterations) : new NextStep.CallModel(iterations + 1);
    }

    private NextStep Plan(IReadOnlyList<ToolCallRecord> pending, int iteration)
    {
        var runnable = new List<ToolCallRecord>();
        var needApproval = new List<ToolCallRecord>();
        var forClient = new List<string>();
        foreach (var call in pending)
        {
            var tool = ToolNamed(call.Name);
            if (tool?.Type == ToolType.Frontend)
            {
                forClient.Add(call.Id);
            }
            else if (tool?.Policy == ToolPolicy.RequiresApproval && ApprovalOf(call.Id) is not { Status: not ApprovalStatus.Pending })
            {
                needApproval.Add(call);
            }
            else
            {
                runnable.Add(call);
            }
        }

        if (runnable.Count > 0)
        {
            return new NextStep.RunTools(runnable, iteration, runnable.Max(call => ToolBudget.For(ToolNamed(call.Name))));
        }

        return needApproval.Count > 0 ? new NextStep.AwaitApproval(needApproval, iteration) : new NextStep.Finish(forClient);
    }
}
