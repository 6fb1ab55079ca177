using Everruns.Data.Agents;

namespace Everruns.Worker.Execution;

/// <summary>How long one tool call may take in all: each attempt's timeout, plus room for the backoff between retries.</summary>
public static class ToolBudget
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan BackoffAllowance = TimeSpan.FromSeconds(5);

    public static TimeSpan For(ToolDefinition? definition)
    {
        var timeout = definition?.TimeoutSecs is int seconds and > 0 ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;
        var attempts = Math.Max(0, definition?.MaxRetries ?? 0) + 1;
        return (timeout + BackoffAllowance) * attempts;
    }
}
