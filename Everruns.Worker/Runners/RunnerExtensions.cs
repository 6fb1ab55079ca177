using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Worker.Execution;
using Everruns.Worker.Models;
using Everruns.Worker.Runners.InProcess;
using Everruns.Worker.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Everruns.Worker.Runners;

public static class RunnerExtensions
{
    /// <summary>The agent loop and its steps, the models and the tools: what every runner executes.</summary>
    public static TBuilder AddAgentExecution<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddEverrunsEvents();
        builder.Services.AddEverrunsModels(builder.Configuration);
        builder.Services.Configure<AgentLoopOptions>(builder.Configuration.GetSection(AgentLoopOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunQueue>();
        builder.Services.AddSingleton<RunEvents>();
        builder.Services.AddSingleton<RunLifecycle>();
        builder.Services.AddSingleton<ModelStep>();
        builder.Services.AddSingleton<ToolStep>();
        builder.Services.AddSingleton<TokenBudgets>();
        builder.Services.AddSingleton<RunEngine>();
        builder.Services.AddSingleton<AgentLoop>();
        builder.Services.AddEverrunsTools(builder.Configuration);
        return builder;
    }

    /// <summary>The in-process runner: this process claims and executes runs from the runs table, and is where they execute.</summary>
    public static TBuilder AddInProcessRunner<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddAgentExecution();
        builder.Services.Configure<InProcessRunnerOptions>(builder.Configuration.GetSection(InProcessRunnerOptions.Section));
        builder.Services.AddSingleton<InProcessRunExecutor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<InProcessRunExecutor>());
        builder.Services.AddSingleton<IRunExecution, InProcessRunExecution>();
        return builder;
    }
}
