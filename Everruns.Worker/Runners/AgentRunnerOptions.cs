using Microsoft.Extensions.Configuration;

namespace Everruns.Worker.Runners;

public enum AgentRunnerMode
{
    InProcess,
    Temporal,
}

/// <summary>How runs execute: <c>AgentRunner:Mode</c>, or the <c>AGENT_RUNNER_MODE</c> environment variable.</summary>
public sealed class AgentRunnerOptions
{
    public const string Section = "AgentRunner";

    public AgentRunnerMode Mode { get; set; } = AgentRunnerMode.InProcess;

    public static AgentRunnerOptions FromConfiguration(IConfiguration configuration)
    {
        var raw = configuration[$"{Section}:Mode"] ?? configuration["AGENT_RUNNER_MODE"];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new AgentRunnerOptions();
        }

        var normalized = raw.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        if (!Enum.TryParse<AgentRunnerMode>(normalized, ignoreCase: true, out var mode) || int.TryParse(raw, out _))
        {
            throw new InvalidOperationException(
                $"AgentRunner:Mode (or AGENT_RUNNER_MODE) is '{raw}'; it must be 'InProcess' or 'Temporal'.");
        }

        return new AgentRunnerOptions { Mode = mode };
    }

    public string ModeName => Mode == AgentRunnerMode.InProcess ? "inprocess" : "temporal";
}
