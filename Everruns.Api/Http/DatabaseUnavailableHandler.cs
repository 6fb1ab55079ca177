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

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Outage(exception) is not { } outage)
        {
            return false;
        }

        logger.LogWarning("{Method} {Path} answered 503: the database cannot be reached ({Error})",
            httpContext.Request.Method, httpContext.Request.Path, outage.Message);
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
