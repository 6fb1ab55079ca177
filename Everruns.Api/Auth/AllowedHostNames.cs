using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Everruns.Api.Auth;

/// <summary>
/// Which <c>Host</c> names the API answers. With authentication off, only loopback names (<c>localhost</c>,
/// <c>*.localhost</c>, <c>127.x.x.x</c>, <c>[::1]</c>) and those in <c>AllowedHosts</c>: a web page that rebinds its
/// own DNS name to 127.0.0.1 still sends its own name, and is refused. With API keys, <c>AllowedHosts</c> alone
/// (every name when it is not set). The names in <c>AllowedHosts</c> are separated by <c>;</c> and may start with
/// <c>*.</c>; <c>*</c> alone allows every name. This replaces ASP.NET Core's own host filtering, so that a refusal is
/// a problem details answer like every other.
/// </summary>
public sealed class AllowedHostNames
{
    public const string Setting = "AllowedHosts";

    private readonly StringSegment[] configured;
    private readonly bool loopbackOnlyByDefault;

    public AllowedHostNames(IConfiguration configuration, AuthOptions auth)
    {
        configured = [.. (configuration[Setting] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(host => new StringSegment(host))];
        loopbackOnlyByDefault = auth.Mode == AuthMode.None;
    }

    /// <summary>Whether every host name is answered, so that requests need no check.</summary>
    public bool AllowsAll => configured.Any(host => host == "*") || (configured.Length == 0 && !loopbackOnlyByDefault);

    public bool Allows(HostString host) =>
        AllowsAll || !host.HasValue || IsLoopback(host.Host) || HostString.MatchesAny(host.Host, configured);

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>Answers 400 to a request for a host name this API does not answer.</summary>
    public sealed class Middleware(RequestDelegate next, AllowedHostNames hosts, IProblemDetailsService problems)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            if (hosts.Allows(context.Request.Host))
            {
                await next(context);
                return;
            }

            var why = hosts.loopbackOnlyByDefault
                ? "With authentication off (Auth:Mode=None) only loopback names (localhost, 127.0.0.1, [::1]) and the names in AllowedHosts are answered, so that a web page cannot reach the API by DNS rebinding."
                : "Only the names in AllowedHosts are answered.";
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Host not allowed",
                    Detail = $"This API does not answer to the host name '{context.Request.Host.Host}'. {why} Add the name to AllowedHosts (names separated by ';').",
                },
            });
        }
    }
}
