namespace Everruns.Data.Secrets;

/// <summary>
/// The keys that encrypt secrets at rest. <c>Secrets:Keys:&lt;keyId&gt;</c> is the base64 of 32 random bytes;
/// <c>Secrets:ActiveKeyId</c> names the key that encrypts new secrets. The other keys only decrypt, so that rows
/// written before a rotation stay readable until the background re-encryption has moved them to the active key.
/// With no key at all, a built-in development key is used (and a warning logged).
/// </summary>
public sealed class SecretsOptions
{
    public const string Section = "Secrets";

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    public string? ActiveKeyId { get; set; }

    /// <summary>How often the background service looks for secrets not under the active key.</summary>
    public TimeSpan ReencryptInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Agents read and rewritten per query by the background re-encryption.</summary>
    public int ReencryptBatchSize { get; set; } = 100;
}
