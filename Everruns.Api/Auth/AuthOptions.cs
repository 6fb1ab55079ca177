namespace Everruns.Api.Auth;

public enum AuthMode
{
    /// <summary>No authentication: for a machine of your own. Said plainly at start-up and on /health.</summary>
    None,

    /// <summary>Every /v1/ request needs <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    ApiKey,
}

public sealed class AuthOptions
{
    public const string Section = "Auth";

    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>A key from configuration that is always valid, to create the first stored keys with.</summary>
    public string? BootstrapKey { get; set; }

    public string ModeName => Mode == AuthMode.None ? "none" : "api_key";
}
