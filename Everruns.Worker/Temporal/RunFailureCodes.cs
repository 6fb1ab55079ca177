namespace Everruns.Worker.Temporal;

/// <summary>
/// The error types of failed activities. They are the <c>code</c> of the run's RUN_ERROR, so they match what the
/// in-process runner reports for the same failure.
/// </summary>
public static class RunFailureCodes
{
    public const string ModelConfiguration = "model_configuration";
    public const string ModelError = "model_error";
    public const string ModelRateLimited = "model_rate_limited";
    public const string ModelUnreachable = "model_unreachable";
    public const string MaxIterations = "max_iterations";
    public const string Timeout = "timeout";
    public const string Internal = "internal_error";

    /// <summary>The activity found the run ended or held by someone else: the workflow lets go of it.</summary>
    public const string RunNotHeld = "run_not_held";

    /// <summary>A storage or network hiccup: retried, and reported as <see cref="Internal"/> if it never clears.</summary>
    public const string Transient = "transient";

    /// <summary>Codes whose failure message is written for users and goes into RUN_ERROR as it is.</summary>
    public static bool IsPublic(string? code) =>
        code is ModelConfiguration or ModelError or ModelRateLimited or ModelUnreachable or MaxIterations or Timeout;
}
