namespace Everruns.Data.Webhooks;

/// <summary>
/// Where to call when a run's turn ends: a URL, and a secret that signs the calls. The secret is write-only (never
/// returned by the API) and encrypted at rest.
/// </summary>
public sealed record CompletionWebhook(string Url, string? Secret = null)
{
    /// <summary>Keeps the secret out of logs and exception messages.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Url = {Url}");
        return true;
    }
}
