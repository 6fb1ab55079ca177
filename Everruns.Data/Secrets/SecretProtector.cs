using System.Security.Cryptography;
using System.Text;

namespace Everruns.Data.Secrets;

/// <summary>Encrypts secrets with AES-256-GCM under the ring's active key, and decrypts them under any key of the ring.</summary>
public sealed class SecretProtector(SecretKeyRing ring)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public SecretKeyRing Ring => ring;

    public string Protect(string plaintext, string purpose)
    {
        var keyId = ring.ActiveKeyId;
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        using var aes = new AesGcm(ring.ActiveKey, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), AssociatedData(keyId, purpose));
        return new ProtectedValue(keyId, Convert.ToBase64String(sealedBytes)).ToString();
    }

    public string Unprotect(string value, string purpose)
    {
        if (!ProtectedValue.TryParse(value, out var parsed))
        {
            throw new SecretProtectionException($"The value is not a protected secret (expected {ProtectedValue.Prefix}<keyId>:<data>).");
        }

        var keyId = parsed.Value.KeyId;
        if (!ring.TryGetKey(keyId, out var key))
        {
            throw new SecretProtectionException(
                $"The secret was encrypted with key '{keyId}', which is not in the key ring (keys: {string.Join(", ", ring.KeyIds)}). " +
                $"Configure Secrets:Keys:{keyId} again; remove a key only once the background re-encryption has moved every secret off it.");
        }

        var sealedBytes = new byte[parsed.Value.Payload.Length];
        if (!Convert.TryFromBase64String(parsed.Value.Payload, sealedBytes, out var length) || length < NonceSize + TagSize)
        {
            throw new SecretProtectionException($"The secret under key '{keyId}' is malformed.");
        }

        var cipherLength = length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceSize),
                sealedBytes.AsSpan(NonceSize, cipherLength),
                sealedBytes.AsSpan(NonceSize + cipherLength, TagSize),
                plain,
                AssociatedData(keyId, purpose));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecretProtectionException(
                $"The secret under key '{keyId}' failed authentication: it was altered, or it is not a {purpose}.", e);
        }

        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>True for a value encrypted under the active key; false for plaintext or another key.</summary>
    public bool IsUnderActiveKey(string value) => value.StartsWith(ProtectedValue.PrefixFor(ring.ActiveKeyId), StringComparison.Ordinal);

    // The key id is bound too: a ciphertext relabelled with another key id fails even if that key were the same.
    private static byte[] AssociatedData(string keyId, string purpose) => Encoding.UTF8.GetBytes($"{ProtectedValue.PrefixFor(keyId)}{purpose}");
}
