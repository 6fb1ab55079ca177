namespace Everruns.AppHost.Hosting;

/// <summary>Where agent runs execute, as the API's <c>AgentRunner:Mode</c> names it.</summary>
internal enum RunnerMode
{
    InProcess,
    Temporal,
}

internal static class RunnerModes
{
    /// <summary>Reads "InProcess", "inprocess", "in-process", "Temporal", ... as the API does.</summary>
    public static RunnerMode Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return RunnerMode.InProcess;
        }

        var normalized = value.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<RunnerMode>(normalized, ignoreCase: true, out var mode) && !int.TryParse(value, out _)
            ? mode
            : throw new ArgumentException($"The runner mode is '{value}'; it must be 'inprocess' or 'temporal' (--mode, AgentRunner:Mode or AGENT_RUNNER_MODE).");
    }
}
