using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Everruns.Data.Secrets;

/// <summary>The encryption keys by id, and which one encrypts new secrets.</summary>
public sealed class SecretKeyRing
{
    public const int KeySize = 32;

    public const string DevelopmentKeyId = "dev";

    // Public on purpose: it only stands in until a real key is configured, and stays readable so that rows written
    // with it can be re-encrypted to the real key without downtime.
    private static readonly byte[] DevelopmentKey =
        SHA256.HashData(Encoding.UTF8.GetBytes("Everruns development key for secrets at rest. Not a secret."));

    private readonly FrozenDictionary<string, byte[]> keys;

    private SecretKeyRing(FrozenDictionary<string, byte[]> keys, string activeKeyId)
    {
        this.keys = keys;
        ActiveKeyId = activeKeyId;
    }

    public string ActiveKeyId { get; }

    /// <summary>True when no key is configured and secrets are encrypted with the public development key.</summary>
    public bool UsesDevelopmentKey => ActiveKeyId == DevelopmentKeyId;

    internal byte[] ActiveKey => keys[ActiveKeyId];

    public IEnumerable<string> KeyIds => keys.Keys.Order(StringComparer.Ordinal);

    /// <summary>Builds the ring from options that <see cref="SecretsOptionsValidator"/> accepted.</summary>
    public static SecretKeyRing From(SecretsOptions options)
    {
        var errors = SecretsOptionsValidator.Errors(options).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        var keys = options.Keys.ToDictionary(pair => pair.Key, pair => Convert.FromBase64String(pair.Value.Trim()), StringComparer.Ordinal);
        keys[DevelopmentKeyId] = DevelopmentKey;
        var active = string.IsNullOrWhiteSpace(options.ActiveKeyId) ? DevelopmentKeyId : options.ActiveKeyId;
        return new SecretKeyRing(keys.ToFrozenDictionary(StringComparer.Ordinal), active);
    }

    internal bool TryGetKey(string keyId, out byte[] key) => keys.TryGetValue(keyId, out key!);
}
