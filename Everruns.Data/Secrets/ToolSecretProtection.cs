using System.Text.Json.Nodes;
using Everruns.Data.Agents;

namespace Everruns.Data.Secrets;

/// <summary>
/// The tool secrets of agent definitions, encrypted for storage and decrypted for use. A plaintext secret of a row
/// written before encryption existed is read as it is, and re-encrypted by <see cref="SecretReencryptionService"/>.
/// </summary>
public sealed class ToolSecretProtection(SecretProtector protector)
{
    public AgentDefinition Seal(AgentDefinition definition) =>
        definition.Tools.Any(tool => tool.Secret is not null)
            ? definition with { Tools = [.. definition.Tools.Select(tool => tool.Secret is null ? tool : tool with { Secret = protector.Protect(tool.Secret, SecretPurposes.ToolSecret) })] }
            : definition;

    public AgentDefinition Open(AgentDefinition definition) =>
        definition.Tools.Any(tool => tool.Secret is not null && ProtectedValue.LooksProtected(tool.Secret))
            ? definition with { Tools = [.. definition.Tools.Select(Open)] }
            : definition;

    /// <summary>
    /// Re-encrypts, under the active key, every tool secret of a stored definition that is in plaintext or under
    /// another key. Works on the JSON as stored, so that fields this version does not know survive.
    /// </summary>
    public ResealResult Reseal(string definitionJson)
    {
        if (JsonNode.Parse(definitionJson) is not JsonObject definition || definition["tools"] is not JsonArray tools)
        {
            return new ResealResult(null, new HashSet<string>());
        }

        var changed = false;
        var unreadableKeyIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools.OfType<JsonObject>())
        {
            if (tool["secret"] is not JsonValue value || !value.TryGetValue<string>(out var secret) || protector.IsUnderActiveKey(secret))
            {
                continue;
            }

            string plaintext;
            try
            {
                plaintext = ProtectedValue.LooksProtected(secret) ? protector.Unprotect(secret, SecretPurposes.ToolSecret) : secret;
            }
            catch (SecretProtectionException)
            {
                unreadableKeyIds.Add(ProtectedValue.TryParse(secret, out var parsed) ? parsed.Value.KeyId : "(malformed)");
                continue;
            }

            tool["secret"] = protector.Protect(plaintext, SecretPurposes.ToolSecret);
            changed = true;
        }

        return new ResealResult(changed ? definition.ToJsonString() : null, unreadableKeyIds);
    }

    private ToolDefinition Open(ToolDefinition tool) =>
        tool.Secret is not null && ProtectedValue.LooksProtected(tool.Secret)
            ? tool with { Secret = protector.Unprotect(tool.Secret, SecretPurposes.ToolSecret) }
            : tool;
}

/// <param name="Json">The definition with its secrets re-encrypted, or null when nothing could be changed.</param>
/// <param name="UnreadableKeyIds">Key ids of secrets that could not be decrypted (their key is not in the ring).</param>
public sealed record ResealResult(string? Json, IReadOnlySet<string> UnreadableKeyIds);
