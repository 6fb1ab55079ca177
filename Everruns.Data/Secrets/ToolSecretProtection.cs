using System.Text.Json.Nodes;
using Everruns.Data.Agents;

namespace Everruns.Data.Secrets;

/// <summary>
/// The tool secrets of agent definitions (and their completion webhook's secret), encrypted for storage and decrypted
/// for use. A plaintext secret of a row
/// written before encryption existed is read as it is, and re-encrypted by <see cref="SecretReencryptionService"/>.
/// </summary>
public sealed class ToolSecretProtection(SecretProtector protector)
{
    public AgentDefinition Seal(AgentDefinition definition) => SealWebhook(
        definition.Tools.Any(tool => tool.Secret is not null)
            ? definition with { Tools = [.. definition.Tools.Select(tool => tool.Secret is null ? tool : tool with { Secret = protector.Protect(tool.Secret, SecretPurposes.ToolSecret) })] }
            : definition);

    public AgentDefinition Open(AgentDefinition definition) => OpenWebhook(
        definition.Tools.Any(tool => tool.Secret is not null && ProtectedValue.LooksProtected(tool.Secret))
            ? definition with { Tools = [.. definition.Tools.Select(Open)] }
            : definition);

    /// <summary>A completion webhook secret encrypted for storage (the agent's, or a run's own).</summary>
    public string? SealWebhookSecret(string? secret) =>
        secret is null ? null : protector.Protect(secret, SecretPurposes.CompletionWebhookSecret);

    /// <summary>A stored completion webhook secret, decrypted; a plaintext one is read as it is.</summary>
    public string? OpenWebhookSecret(string? secret) =>
        secret is not null && ProtectedValue.LooksProtected(secret) ? protector.Unprotect(secret, SecretPurposes.CompletionWebhookSecret) : secret;

    /// <summary>
    /// Re-encrypts, under the active key, every tool secret of a stored definition that is in plaintext or under
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
        var holders = (definition["tools"] as JsonArray ?? []).OfType<JsonObject>().Select(tool => (tool, SecretPurposes.ToolSecret));
        if (definition["completion_webhook"] is JsonObject webhook)
        {
            holders = holders.Append((webhook, SecretPurposes.CompletionWebhookSecret));
        }

        foreach (var (holder, purpose) in holders)
        {
            if (holder["secret"] is not JsonValue value || !value.TryGetValue<string>(out var secret) || protector.IsUnderActiveKey(secret))
            {
                continue;
            }

            string plaintext;
            try
            {
                plaintext = ProtectedValue.LooksProtected(secret) ? protector.Unprotect(secret, purpose) : secret;
            }
            catch (SecretProtectionException)
            {
                unreadableKeyIds.Add(ProtectedValue.TryParse(secret, out var parsed) ? parsed.Value.KeyId : "(malformed)");
                continue;
            }

            holder["secret"] = protector.Protect(plaintext, purpose);
            changed = true;
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

    private ToolDefinition Open(ToolDefinition tool) =>
        tool.Secret is not null && ProtectedValue.LooksProtected(tool.Secret)
            ? tool with { Secret = protector.Unprotect(tool.Secret, SecretPurposes.ToolSecret) }
            : tool;
}

/// <param name="Json">The definition with its secrets re-encrypted, or null when nothing could be changed.</param>
/// <param name="UnreadableKeyIds">Key ids of secrets that could not be decrypted (their key is not in the ring).</param>
public sealed record ResealResult(string? Json, IReadOnlySet<string> UnreadableKeyIds);
