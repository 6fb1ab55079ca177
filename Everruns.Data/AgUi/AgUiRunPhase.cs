namespace Everruns.Data.AgUi;

/// <summary>Where an AG-UI stream stands with respect to its current run.</summary>
public enum AgUiRunPhase
{
    /// <summary>No event yet.</summary>
    NotStarted,

    /// <summary>RUN_STARTED seen, no terminal event yet.</summary>
    Active,

    /// <summary>Ended by RUN_FINISHED; only RUN_ERROR or a new RUN_STARTED may follow.</summary>
    Finished,

    /// <summary>Ended by RUN_ERROR; only a new RUN_STARTED may follow.</summary>
    Errored,
}
