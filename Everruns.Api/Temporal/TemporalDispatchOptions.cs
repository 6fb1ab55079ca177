namespace Everruns.Api.Temporal;

/// <summary>How the API hands runs to Temporal (<c>Temporal:SweepInterval</c>, <c>Temporal:PendingGrace</c>).</summary>
public sealed class TemporalDispatchOptions
{
    public const string Section = "Temporal";

    /// <summary>How often pending runs and cancel requests are looked up, for what a notification missed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A pending run this young is left to its notification; the sweep starts older ones.</summary>
    public TimeSpan PendingGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long after a start or cancel the sweep leaves the run's workflow alone.</summary>
    public TimeSpan Quiet { get; set; } = TimeSpan.FromMinutes(1);
}
