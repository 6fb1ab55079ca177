using System.Globalization;

namespace Everruns.Worker.Models;

/// <summary>
/// Sits on the HttpClient given to a provider's SDK and notes the Retry-After of a rate-limited or failed
/// response (<c>retry-after-ms</c> or <c>Retry-After</c>), before the SDK turns the response into an exception
/// that hides the headers. See <see cref="ObservedRetryAfter"/>.
/// </summary>
public sealed class RetryAfterHandler(TimeProvider? timeProvider = null) : DelegatingHandler
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (ModelErrorClassifier.IsTransientStatus((int)response.StatusCode) && Read(response, _time.GetUtcNow()) is { } wait)
        {
            ObservedRetryAfter.Record(wait);
        }

        return response;
    }

    public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return response.Headers.TryGetValues("Retry-After", out var retryAfter) ? RetryAfterHeader.Parse(retryAfter.FirstOrDefault(), now) : null;
    }
}
