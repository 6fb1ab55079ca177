using System.Security.Cryptography;
using System.Text;

namespace Everruns.Data.Keys;

/// <summary>
/// Makes and hashes key values. Keys carry 256 random bits, so a plain SHA-256 is enough to store them: there is
/// nothing for a slow password hash to protect against.
/// </summary>
public static class ApiKeySecrets
{
    public const string Scheme = "evr_";

    public static string NewSecret() => Scheme + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string PrefixOf(string secret) => secret[..Math.Min(secret.Length, Scheme.Length + 6)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
