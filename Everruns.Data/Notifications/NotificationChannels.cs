namespace Everruns.Data.Notifications;

/// <summary>The PostgreSQL NOTIFY channels Everruns processes talk over.</summary>
public static class NotificationChannels
{
    /// <summary>Payload <c>runId:lastSeq</c>: events of a run were committed up to that sequence number.</summary>
    public const string RunEvents = "everruns_run_events";

    /// <summary>Payload <c>runId</c>: a run is ready to be claimed.</summary>
    public const string RunsReady = "everruns_runs_ready";

    /// <summary>Payload <c>runId</c>: someone asked the run to stop.</summary>
    public const string RunCancelRequested = "everruns_run_cancel";

    /// <summary>Payload <c>keyId</c>: an API key was revoked; its open requests end and it is forgotten.</summary>
    public const string ApiKeysRevoked = "everruns_api_keys_revoked";

    public static readonly IReadOnlyList<string> All = [RunEvents, RunsReady, RunCancelRequested, ApiKeysRevoked];
}
