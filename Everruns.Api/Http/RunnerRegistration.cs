using Everruns.Api.Streaming;
using Everruns.Api.Temporal;
using Everruns.Data.Events;
using Everruns.Worker.Models;
using Everruns.Worker.Runners;
using Everruns.Worker.Tools;

namespace Everruns.Api.Http;

public static class RunnerRegistration
{
    /// <summary>Event streaming for every mode, and where runs execute: the runner the configuration chooses.</summary>
    public static WebApplicationBuilder AddEverrunsRunner(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RunEventFollower>();
        builder.Services.AddHostedService<ApprovalExpiryService>();
        var mode = AgentRunnerOptions.FromConfiguration(builder.Configuration).Mode;
        if (mode == AgentRunnerMode.InProcess)
        {
            builder.AddInProcessRunner();
        }
        else
        {
            // The worker runs the models; the API still needs the catalog for the agents' default model.
            builder.Services.AddEverrunsModels(builder.Configuration);
            // The API checks agents' tools against the tool settings, and lists their MCP servers for GET .../tools.
            builder.Services.AddEverrunsTools(builder.Configuration);
            builder.AddEverrunsEvents();
            builder.AddTemporalRunExecution();
        }

        return builder;
    }
}
