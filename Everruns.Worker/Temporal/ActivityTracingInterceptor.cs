using System.Diagnostics;
using Temporalio.Activities;
using Temporalio.Worker.Interceptors;

namespace Everruns.Worker.Temporal;

/// <summary>
/// A span per activity execution, named after the activity type and tagged with the workflow and attempt, so that
/// each step of a run shows in the traces next to its database and model calls. (Temporal's own OpenTelemetry
/// extension, which would also trace workflows and carry the context across the client, is not in our registry.)
/// </summary>
public sealed class ActivityTracingInterceptor : IWorkerInterceptor
{
    public const string SourceName = "Everruns.Temporal";

    private static readonly ActivitySource Source = new(SourceName);

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => nextInterceptor;

    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor);

    public NexusOperationInboundInterceptor InterceptNexusOperation(NexusOperationInboundInterceptor nextInterceptor) => nextInterceptor;

    private sealed class Inbound(ActivityInboundInterceptor next) : ActivityInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            var info = ActivityExecutionContext.Current.Info;
            using var span = Source.StartActivity($"RunActivity:{info.ActivityType}", ActivityKind.Server);
            span?.SetTag("temporal.workflow_id", info.WorkflowId);
            span?.SetTag("temporal.activity_type", info.ActivityType);
            span?.SetTag("temporal.attempt", info.Attempt);
            try
            {
                return await base.ExecuteActivityAsync(input);
            }
            catch (Exception e)
            {
                span?.SetStatus(ActivityStatusCode.Error, e.Message);
                throw;
            }
        }
    }
}
