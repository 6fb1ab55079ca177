using Everruns.Worker.Runners;
using Everruns.Worker.Temporal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Temporalio.Client;

namespace Everruns.Api.Temporal;

public static class TemporalDispatchExtensions
{
    /// <summary>
    /// Temporal mode for the API: runs execute on Temporal, through a client that connects on first use (the API
    /// starts, and serves what it can, while Temporal is down), with a sweep for what Temporal missed.
    /// </summary>
    public static WebApplicationBuilder AddTemporalRunExecution(this WebApplicationBuilder builder)
    {
        var temporal = TemporalOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(temporal);
        builder.Services.Configure<TemporalDispatchOptions>(builder.Configuration.GetSection(TemporalDispatchOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<Data.Runs.RunQueue>();
        builder.Services.AddSingleton<ITemporalClient>(services => TemporalClient.CreateLazy(
            new TemporalClientConnectOptions(temporal.Address)
            {
                Namespace = temporal.Namespace,
                LoggerFactory = services.GetRequiredService<ILoggerFactory>(),
            }));
        builder.Services.AddSingleton<TemporalRunExecution>();
        builder.Services.AddSingleton<IRunExecution>(services => services.GetRequiredService<TemporalRunExecution>());
        builder.Services.AddHostedService<TemporalRunSweep>();
        return builder;
    }
}
