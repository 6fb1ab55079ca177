using Everruns.Data.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Everruns.Data.Events;

public static class EventsExtensions
{
    /// <summary>The run event writer, the live broker and the process's one LISTEN connection.</summary>
    public static TBuilder AddEverrunsEvents<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<RunEventWriterOptions>(builder.Configuration.GetSection(RunEventWriterOptions.Section));
        builder.Services.AddSingleton<RunEventBroker>();
        builder.Services.AddSingleton<RunEventWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RunEventWriter>());
        builder.Services.AddSingleton<PostgresNotificationListener>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PostgresNotificationListener>());
        builder.Services.AddHostedService<BrokerNotificationWiring>();
        return builder;
    }

    /// <summary>Tells the broker what other processes stored.</summary>
    private sealed class BrokerNotificationWiring(PostgresNotificationListener listener, RunEventBroker broker) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // A notification names the runs a write stored events of: "[source/]run:lastSeq,run:lastSeq,...".
            listener.Subscribe(NotificationChannels.RunEvents, payload =>
            {
                var slash = payload.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0 && payload.AsSpan(0, slash).SequenceEqual(broker.SourceId))
                {
                    return;
                }

                var runs = payload.AsSpan(slash + 1);
                foreach (var range in runs.Split(','))
                {
                    var entry = runs[range];
                    var separator = entry.IndexOf(':');
                    if (separator > 0
                        && Guid.TryParse(entry[..separator], out var runId)
                        && long.TryParse(entry[(separator + 1)..], out var lastSeq))
                    {
                        broker.OnStoredElsewhere(runId, lastSeq);
                    }
                }
            });
            listener.Reconnected += broker.CatchUpAll;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
