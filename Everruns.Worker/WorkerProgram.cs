using Everruns.Data.Database;
using Everruns.Worker.Temporal;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Everruns.Worker;

/// <summary>The Temporal worker process: executes the agent runs that the API starts as workflows.</summary>
public static class WorkerProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddServiceDefaults();
        builder.AddEverrunsDatabase("everruns");

        var temporal = TemporalOptions.FromConfiguration(builder.Configuration);
        Temporalio.Client.ITemporalClient client;
        try
        {
            client = await TemporalConnector.ConnectAsync(temporal);
        }
        catch (TemporalUnreachableException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }

        builder.AddTemporalAgentWorker(client, temporal);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.RunAsync();

        // The host stops when a background service fails (the Temporal worker, when it gives up); say so by the exit code.
        var failed = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().Any(service => service.ExecuteTask?.IsFaulted == true);
        return failed ? 1 : 0;
    }
}
