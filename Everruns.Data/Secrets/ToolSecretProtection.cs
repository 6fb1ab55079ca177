using Everruns.Data.Agents;

namespace Everruns.Data.Secrets;

/// <summary>
/// The tool secrets of agent definitions, encrypted for storage and decrypted for use. A plaintext secret of a row
/// written before encryption existed is read as it is.
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

    private ToolDefinition Open(ToolDefinition tool) =>
        tool.Secret is not null && ProtectedValue.LooksProtected(tool.Secret)
            ? tool with { Secret = protector.Unprotect(tool.Secret, SecretPurposes.ToolSecret) }
            : tool;
}
