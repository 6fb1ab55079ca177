namespace Everruns.Data.AgUi;

/// <summary>STEP_STARTED: opens a named phase of the run.</summary>
public sealed record StepStartedEvent(string StepName) : AgUiEvent(AgUiEventTypes.StepStarted);

/// <summary>STEP_FINISHED: closes the open step with the same name.</summary>
public sealed record StepFinishedEvent(string StepName) : AgUiEvent(AgUiEventTypes.StepFinished);
