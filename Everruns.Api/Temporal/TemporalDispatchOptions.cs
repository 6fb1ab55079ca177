namespace Everruns.Api.Temporal;

/// <summary>How the API's sweep catches up with Temporal (<c>Temporal:SweepInterval</c>, <c>Temporal:PendingGrace</c>).</summary>
public sealed class TemporalDispatchOptions
{
    public const string Section = "Temporal";

    /// <summary>How often the runs table is looked through for what could not be told to Temporal at once.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A pending run this young is left to the start that created it; the sweep starts older ones.</summary>
    public TimeSpan PendingGrace { get; set; } = TimeSpan.FromSeconds(2);
}
