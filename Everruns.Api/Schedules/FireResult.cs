using Everruns.Data.Runs;

namespace Everruns.Api.Schedules;

/// <summary>What came of a fire.</summary>
public abstract record FireResult
{
    public sealed record Started(Run Run) : FireResult;

    /// <param name="ActiveRunId">The thread's active run, when that is why.</param>
    public sealed record Skipped(string Reason, string Detail, Guid? ActiveRunId = null) : FireResult;
}
