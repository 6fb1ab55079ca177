namespace Everruns.Api.Http;

/// <summary>
/// Refuses a body whose declared length is over the limit before anything reads it. Kestrel enforces the
/// same limit on bodies without a length; this makes the answer a problem details body on every server.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, RequestLimits limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > limits.MaxRequestBodyBytes)
        {
            throw new BadHttpRequestException(
                $"The request body is {context.Request.ContentLength} bytes; the limit is {limits.MaxRequestBodyBytes} bytes.",
                StatusCodes.Status413PayloadTooLarge);
        }

        return next(context);
    }
}
