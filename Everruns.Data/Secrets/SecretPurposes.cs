namespace Everruns.Data.Secrets;

/// <summary>
/// What a secret is for. It is authenticated with the ciphertext, so that a ciphertext moved to a field of another
/// purpose fails to decrypt instead of being used there.
/// </summary>
public static class SecretPurposes
{
    public const string ToolSecret = "tool-secret";

    /// <summary>Signs a run's completion webhook calls (an agent's <c>completion_webhook</c>, or a run's own).</summary>
    public const string CompletionWebhookSecret = "completion-webhook-secret";
    /// <summary>A header or environment value of an MCP server entry (a bearer token, an API key).</summary>
    public const string McpCredential = "mcp-credential";
}
