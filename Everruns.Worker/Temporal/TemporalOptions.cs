using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Everruns.Worker.Temporal;

/// <summary>
/// Where Temporal is and which task queue the agent runs use: <c>Temporal:Address</c>, <c>Temporal:Namespace</c>,
/// <c>Temporal:TaskQueue</c>, or the <c>TEMPORAL_ADDRESS</c>, <c>TEMPORAL_NAMESPACE</c> and <c>TEMPORAL_TASK_QUEUE</c>
/// environment variables. Shared by the worker and by the API that starts the workflows.
/// </summary>
public sealed record TemporalOptions
{
    public const string Section = "Temporal";

    public string Address { get; init; } = "localhost:7233";

    public string Namespace { get; init; } = "default";

    public string TaskQueue { get; init; } = "everruns-agent-runs";

    /// <summary>How long the worker tries to reach Temporal at start before it gives up (<c>Temporal:ConnectTimeoutSeconds</c>).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a running model or tool activity tells Temporal it is alive (<c>Temporal:HeartbeatIntervalMs</c>).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    public static TemporalOptions FromConfiguration(IConfiguration configuration)
    {
        string? Read(string key, string? environmentVariable = null)
        {
            var value = configuration[$"{Section}:{key}"];
            if (string.IsNullOrWhiteSpace(value) && environmentVariable is not null)
            {
                value = configuration[environmentVariable];
            }

            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        var defaults = new TemporalOptions();
        return new TemporalOptions
        {
            Address = Read("Address", "TEMPORAL_ADDRESS") ?? defaults.Address,
            Namespace = Read("Namespace", "TEMPORAL_NAMESPACE") ?? defaults.Namespace,
            TaskQueue = Read("TaskQueue", "TEMPORAL_TASK_QUEUE") ?? defaults.TaskQueue,
            ConnectTimeout = Seconds(Read("ConnectTimeoutSeconds"), "Temporal:ConnectTimeoutSeconds", defaults.ConnectTimeout),
            HeartbeatInterval = Milliseconds(Read("HeartbeatIntervalMs"), "Temporal:HeartbeatIntervalMs", defaults.HeartbeatInterval),
        };
    }

    private static TimeSpan Seconds(string? value, string name, TimeSpan fallback) =>
        value is null ? fallback : TimeSpan.FromSeconds(Positive(value, name));

    private static TimeSpan Milliseconds(string? value, string name, TimeSpan fallback) =>
        value is null ? fallback : TimeSpan.FromMilliseconds(Positive(value, name));

    private static double Positive(string value, string name) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new InvalidOperationException($"{name} is '{value}'; it must be a positive number.");
}
