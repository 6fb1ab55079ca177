using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Everruns.Worker.Tools;

/// <summary>
/// Built-in <c>http_fetch</c>: GETs an http(s) URL and returns its text. Only text content types, at most
/// <see cref="MaxBytes"/> (the rest is cut off, with a note), within <see cref="TimeLimit"/>, following at most
/// <see cref="MaxRedirects"/> redirects; every connection, redirects included, obeys the address rules.
/// </summary>
public sealed class HttpFetchTool(OutboundAddressPolicy policy) : IDisposable
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxRedirects = 5;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    public static readonly BuiltinToolDescriptor Descriptor = BuiltinToolDescriptor.Create(
        "http_fetch",
        "Fetches a public web page or text document with an HTTP GET and returns its text content. "
            + "Only text content types are returned, cut off after 256 KiB; the request is limited to 10 seconds.",
        """
        {"type":"object","properties":{"url":{"type":"string","description":"The absolute http or https URL to fetch."}},
         "required":["url"],"additionalProperties":false}
        """);


    private readonly HttpClient _client = CreateClient(policy);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        if (!TryReadUrl(arguments, out var url))
        {
            return ToolResult.Error("http_fetch needs a 'url' argument: an absolute http or https URL.");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeLimit);
        try
        {
            return await FetchAsync(url, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolResult.Error($"Fetching {Shown(url)} took longer than the limit of {TimeLimit.TotalSeconds:0} s.");
        }
        catch (HttpRequestException exception) when (OutboundAddressRefusedException.FindIn(exception) is { } refused)
        {
            return ToolResult.Error(refused.Message);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return ToolResult.Error($"Fetching {Shown(url)} failed: {exception.Message}");
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<ToolResult> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("text/*, application/json, application/xml;q=0.9, */*;q=0.1");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                if (redirects == MaxRedirects)
                {
                    return ToolResult.Error($"Fetching stopped after {MaxRedirects} redirects.");
                }

                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (!IsHttp(url))
                {
                    return ToolResult.Error($"A redirect led to {Shown(url)}, which is not an http or https URL.");
                }

                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                return ToolResult.Error($"{Shown(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd() + ".");
            }

            var contentType = response.Content.Headers.ContentType;
            if (!TextContentTypes.IsText(contentType?.MediaType))
            {
                return ToolResult.Error(
                    $"{Shown(url)} answered with content type '{contentType?.MediaType ?? "none"}'; http_fetch returns only text content.");
            }

            var body = await BoundedContent.ReadAsync(response.Content, MaxBytes, cancellationToken);
            return ToolResult.Success(ToolResultJson.Serialize(new FetchedPage(
                Shown(url),
                (int)response.StatusCode,
                contentType!.MediaType!,
                Decode(body, contentType),
                body.Truncated,
                body.Truncated ? $"The content was cut off after {MaxBytes / 1024} KiB." : null)));
        }
    }

    private static string Decode(BoundedContent body, MediaTypeHeaderValue contentType)
    {
        // Not flushing a cut-off body drops a trailing partial character instead of turning it into U+FFFD.
        var decoder = TextContentTypes.EncodingOf(contentType).GetDecoder();
        var chars = new char[decoder.GetCharCount(body.Bytes, 0, body.Bytes.Length, flush: !body.Truncated)];
        var count = decoder.GetChars(body.Bytes, 0, body.Bytes.Length, chars, 0, flush: !body.Truncated);
        return new string(chars, 0, count);
    }

    private static bool TryReadUrl(JsonElement arguments, out Uri url)
    {
        url = null!;
        return arguments.ValueKind == JsonValueKind.Object
            && arguments.TryGetProperty("url", out var value)
            && value.ValueKind == JsonValueKind.String
            && Uri.TryCreate(value.GetString(), UriKind.Absolute, out url!)
            && IsHttp(url);
    }

    /// <summary>The URL as the result shows it: credentials in it (<c>user:password@</c>) are replaced by <c>***</c>.</summary>
    private static string Shown(Uri url) =>
        url.UserInfo.Length == 0 ? url.ToString() : new UriBuilder(url) { UserName = "***", Password = "" }.Uri.ToString();

    private static bool IsHttp(Uri url) => url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static HttpClient CreateClient(OutboundAddressPolicy policy)
    {
        var client = GuardedHttpClient.Create(policy, decompress: true);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Everruns-http_fetch/1.0");
        return client;
    }

    private sealed record FetchedPage(string Url, int Status, string ContentType, string Content, bool Truncated, string? Note);
}
