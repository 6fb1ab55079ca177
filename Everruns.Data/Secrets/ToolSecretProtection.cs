using System.Text.Json.Nodes;
using Everruns.Data.Agents;

namespace Everruns.Data.Secrets;

/// <summary>
/// The credentials of agent definitions, encrypted for storage and decrypted for use: a tool's <c>secret</c>, the
/// header and environment values of an MCP server entry, and the completion webhook's secret. A plaintext value of a
/// row written before encryption existed is read as it is, and re-encrypted by <see cref="SecretReencryptionService"/>.
/// </summary>
public sealed class ToolSecretProtection(SecretProtector protector)
{
    public AgentDefinition Seal(AgentDefinition definition) => SealWebhook(
        definition.Tools.Any(HasCredentials)
            ? definition with { Tools = [.. definition.Tools.Select(tool => Map(tool, protector.Protect))] }
            : definition);

    public AgentDefinition Open(AgentDefinition definition) => OpenWebhook(
        definition.Tools.Any(tool => Credentials(tool).Any(ProtectedValue.LooksProtected))
            ? definition with { Tools = [.. definition.Tools.Select(tool => Map(tool, Open))] }
            : definition);

    /// <summary>A completion webhook secret encrypted for storage (the agent's, or a run's own).</summary>
    public string? SealWebhookSecret(string? secret) =>
        secret is null ? null : protector.Protect(secret, SecretPurposes.CompletionWebhookSecret);

    /// <summary>A stored completion webhook secret, decrypted; a plaintext one is read as it is.</summary>
    public string? OpenWebhookSecret(string? secret) =>
        secret is not null && ProtectedValue.LooksProtected(secret) ? protector.Unprotect(secret, SecretPurposes.CompletionWebhookSecret) : secret;

    /// <summary>
    /// Re-encrypts, under the active key, every credential of a stored definition that is in plaintext or under
    /// another key. Works on the JSON as stored, so that fields this version does not know survive.
    /// </summary>
    public ResealResult Reseal(string definitionJson)
    {
        if (JsonNode.Parse(definitionJson) is not JsonObject definition)
        {
            return new ResealResult(null, new HashSet<string>());
        }

        var changed = false;
        var unreadableKeyIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in (definition["tools"] as JsonArray ?? []).OfType<JsonObject>())
        {
            changed |= Reseal(tool, "secret", SecretPurposes.ToolSecret, unreadableKeyIds);
            if (tool["type"]?.GetValue<string>() == "mcp")
            {
                foreach (var field in new[] { "headers", "env" })
                {
                    if (tool[field] is JsonObject values)
                    {
                        foreach (var name in values.Select(pair => pair.Key).ToList())
                        {
                            changed |= Reseal(values, name, SecretPurposes.McpCredential, unreadableKeyIds);
                        }
                    }
                }
            }
        }

        if (definition["completion_webhook"] is JsonObject webhook)
        {
            changed |= Reseal(webhook, "secret", SecretPurposes.CompletionWebhookSecret, unreadableKeyIds);
        }

        return new ResealResult(changed ? definition.ToJsonString() : null, unreadableKeyIds);
    }

    private AgentDefinition SealWebhook(AgentDefinition definition) =>
        definition.CompletionWebhook is { Secret: { } secret } webhook
            ? definition with { CompletionWebhook = webhook with { Secret = SealWebhookSecret(secret) } }
            : definition;

    private AgentDefinition OpenWebhook(AgentDefinition definition) =>
        definition.CompletionWebhook is { Secret: { } secret } webhook && ProtectedValue.LooksProtected(secret)
            ? definition with { CompletionWebhook = webhook with { Secret = OpenWebhookSecret(secret) } }
            : definition;

    private bool Reseal(JsonObject owner, string field, string purpose, HashSet<string> unreadableKeyIds)
    {
        if (owner[field] is not JsonValue value || !value.TryGetValue<string>(out var secret) || protector.IsUnderActiveKey(secret))
        {
            return false;
        }

        string plaintext;
        try
        {
            plaintext = ProtectedValue.LooksProtected(secret) ? protector.Unprotect(secret, purpose) : secret;
        }
        catch (SecretProtectionException)
        {
            unreadableKeyIds.Add(ProtectedValue.TryParse(secret, out var parsed) ? parsed.Value.KeyId : "(malformed)");
            return false;
        }

        owner[field] = protector.Protect(plaintext, purpose);
        return true;
    }

    private static bool HasCredentials(ToolDefinition tool) => Credentials(tool).Any();

    /// <summary>The values of a tool that are credentials: its secret, and an MCP entry's header and environment values.</summary>
    private static IEnumerable<string> Credentials(ToolDefinition tool)
    {
        if (tool.Secret is not null)
        {
            yield return tool.Secret;
        }

        if (tool.Type == ToolType.Mcp)
        {
            foreach (var value in (tool.Headers?.Values ?? []).Concat(tool.Env?.Values ?? []))
            {
                yield return value;
            }
        }
    }

    /// <summary>The tool with <paramref name="transform"/> (value, purpose) applied to each of its credentials.</summary>
    private static ToolDefinition Map(ToolDefinition tool, Func<string, string, string> transform) => tool with
    {
        Secret = tool.Secret is null ? null : transform(tool.Secret, SecretPurposes.ToolSecret),
        Headers = tool.Type == ToolType.Mcp ? MapValues(tool.Headers, transform) : tool.Headers,
        Env = tool.Type == ToolType.Mcp ? MapValues(tool.Env, transform) : tool.Env,
    };

    private static Dictionary<string, string>? MapValues(IReadOnlyDictionary<string, string>? values, Func<string, string, string> transform) =>
        values?.ToDictionary(pair => pair.Key, pair => transform(pair.Value, SecretPurposes.McpCredential), StringComparer.Ordinal);

    private string Open(string value, string purpose) => ProtectedValue.LooksProtected(value) ? protector.Unprotect(value, purpose) : value;
}

/// <param name="Json">The definition with its secrets re-encrypted, or null when nothing could be changed.</param>
/// <param name="UnreadableKeyIds">Key ids of secrets that could not be decrypted (their key is not in the ring).</param>
public sealed record ResealResult(string? Json, IReadOnlySet<string> UnreadableKeyIds);
