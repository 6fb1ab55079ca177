using Everruns.Data.Agents;
using Everruns.Data.Runs;
using Everruns.Data.Threads;

namespace Everruns.Worker.Execution;

/// <summary>What the next step of a run is, read from the thread: the messages are the checkpoint.</summary>
public abstract record NextStep
{
    public sealed record CallModel(int Iteration) : NextStep;

    public sealed record RunTools(IReadOnlyList<ToolCallRecord> Pending, int Iteration) : NextStep;

    public sealed record Finish(Message FinalAnswer) : NextStep;

    public sealed record TooManyIterations(int Limit) : NextStep;
}

/// <summary>The state a run's steps work on: the run, its agent, and the thread's messages so far.</summary>
public sealed record RunTurn(Run Run, Agent Agent, IReadOnlyList<Message> Messages)
{
    public IEnumerable<Message> OwnMessages => Messages.Where(message => message.RunId == Run.Id);

    public NextStep Next(int maxIterations)
    {
        var own = OwnMessages.ToList();
        var iterations = own.Count(message => message.Role == MessageRole.Assistant);
        var lastAssistant = own.LastOrDefault(message => message.Role == MessageRole.Assistant);
        if (lastAssistant is not null)
        {
            var calls = ToolCalls.Read(lastAssistant);
            if (calls.Count == 0)
            {
                return new NextStep.Finish(lastAssistant);
            }

            var answered = own.Where(message => message.Role == MessageRole.Tool).Select(message => message.ToolCallId).ToHashSet();
            var pending = calls.Where(call => !answered.Contains(call.Id)).ToList();
            if (pending.Count > 0)
            {
                return new NextStep.RunTools(pending, iterations);
            }
        }

        return iterations >= maxIterations ? new NextStep.TooManyIterations(maxIterations) : new NextStep.CallModel(iterations + 1);
    }
}
