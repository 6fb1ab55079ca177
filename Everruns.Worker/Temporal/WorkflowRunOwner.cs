namespace Everruns.Worker.Temporal;

/// <summary>
/// The lease owner of a run that a workflow drives. It is the same for every activity of the workflow, on whichever
/// worker it runs, so each activity can write the run's events without taking the run from another.
/// </summary>
public static class WorkflowRunOwner
{
    public static string For(Guid runId) => $"temporal:{AgentRunWorkflow.IdFor(runId)}";
}
