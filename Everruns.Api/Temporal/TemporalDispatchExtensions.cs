using Everruns.Data.Runs;
using Everruns.Worker.Temporal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Temporalio.Client;

namespace Everruns.Api.Temporal;

public static class TemporalDispatchExtensions
{
    /// <summary>
    /// Temporal mode for the API: a client that connects on first use (the API starts, and serves what it can, while
    /// Temporal is down), the dispatcher that starts and cancels the runs' workflows, and approvals by signal.
    /// </summary>
    public static WebApplicationBuilder AddTemporalRunDispatcher(this WebApplicationBuilder builder)
    {
        var temporal = TemporalOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(temporal);
        builder.Services.Configure<TemporalDispatchOptions>(builder.Configuration.GetSection(TemporalDispatchOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RunQueue>();
        builder.Services.AddSingleton<ITemporalClient>(services => TemporalClient.CreateLazy(
            new TemporalClientConnectOptions(temporal.Address)
            {
                Namespace = temporal.Namespace,
                LoggerFactory = services.GetRequiredService<ILoggerFactory>(),
            }));
        builder.Services.AddSingleton<TemporalRunDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TemporalRunDispatcher>());
        builder.Services.AddSingleton<TemporalRunApprovals>();
        return builder;
    }
}
