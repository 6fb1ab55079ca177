namespace Everruns.Tests.Scenarios;

/// <summary>
/// One thing a user does with a run, written once and run in both modes: the agent, what the user says, the
/// settings of the stack, what the user does while the run goes (<see cref="Act"/>) and what must be stored
/// afterwards (<see cref="Expect"/>), the same whichever runner executed it.
/// </summary>
public sealed record Scenario(string Name, string Message)
{
    /// <summary>The agent's <c>definition</c>; given the URL of a webhook receiver the scenario's tools may call.</summary>
    public Func<string, object> Agent { get; init; } = _ => new { system_prompt = "You are helpful." };

    /// <summary>Frontend tools: the run is started through the AG-UI endpoint with these.</summary>
    public IReadOnlyList<object>? ClientTools { get; init; }

    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public Func<ScenarioRun, Task> Act { get; init; } = run => run.WaitForEndAsync();

    public required Action<ScenarioOutcome> Expect { get; init; }

    public override string ToString() => Name;

    /// <summary>The settings every stack gets, then the scenario's own.</summary>
    public IReadOnlyDictionary<string, string?> StackSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Models:Simulator:TokensPerSecond"] = "200",
            ["Tools:AllowPrivateNetworks"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            // The sweep is Temporal mode's safety net; the scenarios check what happens without it.
            ["Temporal:SweepInterval"] = "01:00:00",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
