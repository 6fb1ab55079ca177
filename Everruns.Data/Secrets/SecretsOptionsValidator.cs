using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Everruns.Data.Secrets;

/// <summary>Checks the key ring at start-up, so that a bad key stops the process instead of the first agent read.</summary>
public sealed partial class SecretsOptionsValidator : IValidateOptions<SecretsOptions>
{
    private const string Generate = "Generate a key with: openssl rand -base64 32";

    public ValidateOptionsResult Validate(string? name, SecretsOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IEnumerable<string> Errors(SecretsOptions options)
    {
        foreach (var (keyId, value) in options.Keys)
        {
            if (keyId == SecretKeyRing.DevelopmentKeyId)
            {
                yield return $"Secrets:Keys:{keyId}: the key id '{keyId}' is reserved for the built-in development key; choose another id.";
            }
            else if (!KeyIdPattern().IsMatch(keyId))
            {
                yield return $"Secrets:Keys:{keyId}: a key id is 1 to 32 letters, digits, '-' or '_'.";
            }

            var key = new byte[64];
            if (!Convert.TryFromBase64String(value?.Trim() ?? "", key, out var length) || length == 0)
            {
                yield return $"Secrets:Keys:{keyId} is not valid base64. {Generate}";
            }
            else if (length != SecretKeyRing.KeySize)
            {
                yield return $"Secrets:Keys:{keyId} is {length} bytes long; AES-256 needs exactly {SecretKeyRing.KeySize}. {Generate}";
            }
        }

        var active = options.ActiveKeyId;
        if (string.IsNullOrWhiteSpace(active))
        {
            if (options.Keys.Count > 0)
            {
                yield return $"Secrets:Keys has keys ({string.Join(", ", options.Keys.Keys)}) but Secrets:ActiveKeyId is not set. " +
                    "Set Secrets__ActiveKeyId to the key that encrypts new secrets.";
            }
        }
        else if (!options.Keys.ContainsKey(active))
        {
            var configured = options.Keys.Count == 0 ? "none" : string.Join(", ", options.Keys.Keys);
            yield return $"Secrets:ActiveKeyId is '{active}', but there is no key Secrets:Keys:{active} (configured keys: {configured}).";
        }

        if (options.ReencryptInterval <= TimeSpan.Zero)
        {
            yield return "Secrets:ReencryptInterval must be positive.";
        }

        if (options.ReencryptBatchSize is < 1 or > 10_000)
        {
            yield return "Secrets:ReencryptBatchSize must be between 1 and 10000.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex KeyIdPattern();
}
