namespace Everruns.AppHost.Health;

/// <summary>Healthy when the URL answers 200 (redirects followed).</summary>
internal sealed class HttpHealthProbe(Uri url) : IHealthProbe
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    public Uri Url => url;

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Not listening yet, or too slow to answer.
            return false;
        }
    }
}
