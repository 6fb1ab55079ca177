using System.Security.Cryptography;
using Everruns.Data.Secrets;

namespace Everruns.Tests.Secrets;

/// <summary>Fresh random keys, and the protectors and settings that use them.</summary>
internal static class TestKeys
{
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretKeyRing.KeySize));

    public static SecretsOptions Options(string? activeKeyId, params (string Id, string Key)[] keys) => new()
    {
        Keys = keys.ToDictionary(key => key.Id, key => key.Key, StringComparer.Ordinal),
        ActiveKeyId = activeKeyId,
    };

    public static SecretProtector Protector(string? activeKeyId, params (string Id, string Key)[] keys) =>
        new(SecretKeyRing.From(Options(activeKeyId, keys)));

    /// <summary>API settings with these keys in the ring, on top of the shared test settings.</summary>
    public static Dictionary<string, string?> Settings(string activeKeyId, params (string Id, string Key)[] keys)
    {
        var settings = new Dictionary<string, string?>(Infrastructure.ApiFixture.Settings)
        {
            ["Secrets:ActiveKeyId"] = activeKeyId,
            ["Secrets:ReencryptInterval"] = "00:00:00.200",
        };
        foreach (var (id, key) in keys)
        {
            settings[$"Secrets:Keys:{id}"] = key;
        }

        return settings;
    }
}
