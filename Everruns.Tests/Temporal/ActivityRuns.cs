using Everruns.Data.AgUi;
using Everruns.Data.Runs;
using Everruns.Worker.Execution;
using Everruns.Worker.Temporal;
using Temporalio.Testing;

namespace Everruns.Tests.Temporal;

/// <summary>Counts an activity's heartbeats.</summary>
public sealed class Heartbeats
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public ActivityEnvironment Environment() => new() { Heartbeater = _ => Interlocked.Increment(ref count) };
}

public static class ActivityRuns
{
    public static ActivityEnvironment Environment() => new();

    /// <summary>The step the workflow asks for after beginning a new run.</summary>
    public static StepInput FirstModelCall(Run run) => new(run.Id, new NextStep.CallModel(1));

    public static void AssertValid(IReadOnlyList<AgUiEvent> events, bool complete = true)
    {
        var result = complete ? AgUiSequenceValidator.Validate(events) : AgUiSequenceValidator.ValidatePrefix(events);
        Assert.True(result.IsValid, $"Invalid AG-UI sequence: {result.Violation} in {string.Join(", ", events.Select(e => e.Type))}");
    }
}
