using Everruns.Worker.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

namespace Everruns.Worker.Temporal;

public static class TemporalWorkerExtensions
{
    /// <summary>
    /// The agent loop as Temporal activities and the run workflow, on a hosted worker polling the task queue over
    /// an already connected client, with a health check of that connection and spans per activity.
    /// </summary>
    public static TBuilder AddTemporalAgentWorker<TBuilder>(this TBuilder builder, ITemporalClient client, TemporalOptions options)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddAgentExecution();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(client);
        builder.Services.AddHealthChecks().AddCheck<TemporalHealthCheck>("temporal", tags: ["ready"]);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(ActivityTracingInterceptor.SourceName));

        builder.Services
            .AddHostedTemporalWorker(options.TaskQueue)
            .ConfigureOptions(worker =>
            {
                worker.Interceptors = [new ActivityTracingInterceptor()];
                // Heartbeats carry cancellations back: flush them within a second rather than every 80% of the timeout.
                worker.MaxHeartbeatThrottleInterval = TimeSpan.FromSeconds(1);
            })
            .AddScopedActivities<AgentRunActivities>()
            .AddWorkflow<AgentRunWorkflow>();
        return builder;
    }
}
