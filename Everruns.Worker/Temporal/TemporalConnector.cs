using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Everruns.Worker.Temporal;

/// <summary>Connects to Temporal within a deadline, with one message that says what to do when it cannot.</summary>
public static class TemporalConnector
{
    public static async Task<ITemporalClient> ConnectAsync(TemporalOptions options, ILoggerFactory? loggerFactory = null)
    {
        try
        {
            var connectOptions = new TemporalClientConnectOptions(options.Address) { Namespace = options.Namespace };
            if (loggerFactory is not null)
            {
                connectOptions.LoggerFactory = loggerFactory;
            }

            var connect = TemporalClient.ConnectAsync(connectOptions);
            return await connect.WaitAsync(options.ConnectTimeout);
        }
        catch (Exception e)
        {
            var reason = e is TimeoutException ? $"no answer within {options.ConnectTimeout.TotalSeconds:0} s" : e.Message;
            throw new TemporalUnreachableException(
                $"Cannot reach Temporal at {options.Address} (namespace '{options.Namespace}'): {reason}. " +
                "Start a server (for example 'temporal server start-dev') or set TEMPORAL_ADDRESS to one.",
                e);
        }
    }
}

public sealed class TemporalUnreachableException(string message, Exception innerException) : Exception(message, innerException);
