using System.Security.Cryptography;
using System.Text;

namespace Everruns.Worker.Tools;

/// <summary>
/// The webhook signature: HMAC-SHA256, keyed with the tool's secret (its UTF-8 bytes), over the text
/// <c>{timestamp}.{body}</c>, where timestamp is the <see cref="WebhookHeaders.Timestamp"/> header value and body
/// the exact request body bytes. Sent as <c>sha256=</c> and the lowercase hex digest.
/// </summary>
public static class WebhookSignature
{
    public const string Scheme = "sha256=";

    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes($"{timestamp}."));
        hmac.AppendData(body);
        return Scheme + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)),
            Encoding.ASCII.GetBytes(signature.Trim()));
}
