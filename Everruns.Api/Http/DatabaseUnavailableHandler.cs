using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Everruns.Api.Http;

/// <summary>
/// While PostgreSQL cannot be reached (or has no connection to spare), requests answer 503 with <c>Retry-After</c>
/// rather than 500: nothing is wrong with the request, and the same request will work once the database is back.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problemDetails, ILogger<DatabaseUnavailableHandler> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(30);
    private long lastLogged;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Outage(exception) is not { } outage)
        {
            return false;
        }

        // One line per outage (and per half minute of it), not one per request.
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref lastLogged);
        if ((last == 0 || now - last >= LogEvery.TotalMilliseconds) && Interlocked.CompareExchange(ref lastLogged, now, last) == last)
        {
            logger.LogWarning("The database cannot be reached; requests answer 503 until it can ({Error})", outage.Message);
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"The database cannot be reached right now; nothing was done. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    /// <summary>The database error in the exception's chain that a later attempt may not meet, if any.</summary>
    private static NpgsqlException? Outage(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true } transient)
            {
                return transient;
            }
        }

        return null;
    }
}
