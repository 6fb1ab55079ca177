using System.Diagnostics.CodeAnalysis;

namespace Everruns.Data.Secrets;

/// <summary>
/// The text form of an encrypted secret: <c>enc:v1:&lt;keyId&gt;:&lt;base64(nonce | ciphertext | tag)&gt;</c>.
/// The key id is in the clear, so that a row stays readable after a rotation while its key is in the ring.
/// </summary>
public readonly record struct ProtectedValue(string KeyId, string Payload)
{
    public const string Prefix = "enc:v1:";

    public static bool LooksProtected(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    public static string PrefixFor(string keyId) => $"{Prefix}{keyId}:";

    public static bool TryParse(string value, [NotNullWhen(true)] out ProtectedValue? parsed)
    {
        parsed = null;
        if (!LooksProtected(value))
        {
            return false;
        }

        var rest = value.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1)
        {
            return false;
        }

        parsed = new ProtectedValue(rest[..colon].ToString(), rest[(colon + 1)..].ToString());
        return true;
    }

    public override string ToString() => PrefixFor(KeyId) + Payload;
}
