namespace Everruns.Tests.BadInput;

/// <summary>One malformed body: what was done to the valid one, the bytes, and the Content-Type it goes with (none when null).</summary>
public sealed record BodyMutation(string What, byte[] Body, string? ContentType = BodyMutation.Json)
{
    public const string Json = "application/json";
}
