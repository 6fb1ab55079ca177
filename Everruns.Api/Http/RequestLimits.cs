namespace Everruns.Api.Http;

public sealed class RequestLimits
{
    public const string Section = "Limits";

    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
