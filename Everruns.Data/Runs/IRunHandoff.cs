namespace Everruns.Data.Runs;

/// <summary>A claim a new run can be created with: held by <paramref name="Owner"/> for <paramref name="Lease"/>.</summary>
public sealed record HandoffClaim(string Owner, TimeSpan Lease);

/// <summary>
/// Lets a run created in this process go straight to this process's executor: the run is stored already claimed,
/// so no executor has to hear of it and claim it first. A run handed off this way is as durable as any other:
/// if the process dies, its lease runs out and another executor resumes it.
/// </summary>
public interface IRunHandoff
{
    /// <summary>The claim to create a run with, or null when this process takes no more runs now.</summary>
    HandoffClaim? Offer();

    /// <summary>Starts executing a run that was created with an offered claim, from its context read as it was created.</summary>
    void Take(Run run, RunContext context);
}
