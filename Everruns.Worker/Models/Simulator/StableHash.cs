using System.Security.Cryptography;
using System.Text;

namespace Everruns.Worker.Models;

/// <summary>A hash that is the same in every process, unlike <see cref="string.GetHashCode()"/>.</summary>
internal static class StableHash
{
    public static string Hex(string input, int length = 16) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..length];

    public static int Seed(string input) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(input)), 0) & int.MaxValue;
}
