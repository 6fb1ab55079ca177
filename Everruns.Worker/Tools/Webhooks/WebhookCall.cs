using System.Globalization;
using System.Net.Http.Headers;

namespace Everruns.Worker.Tools;

/// <summary>One webhook tool call: builds, signs and sends a fresh request for each attempt.</summary>
internal sealed class WebhookCall(HttpClient client, ToolInvocation invocation, Uri url, HttpMethod method, byte[] body, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public int Attempts { get; private set; }

    public async ValueTask<WebhookAttempt> SendAsync(CancellationToken cancellationToken)
    {
        Attempts++;
        using var request = CreateRequest();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var content = await BoundedContent.ReadAsync(response.Content, WebhookToolInvoker.MaxResponseBytes, cancellationToken);
        return new WebhookAttempt(response.StatusCode, response.ReasonPhrase, content, WebhookAttempt.RetryAfterOf(response, time.GetUtcNow()));
    }

    private HttpRequestMessage CreateRequest()
    {
        var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        foreach (var (name, value) in invocation.Definition.Headers ?? new Dictionary<string, string>())
        {
            if (WebhookHeaders.IsReserved(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add(WebhookHeaders.IdempotencyKey, invocation.IdempotencyKey);
        request.Headers.Add(WebhookHeaders.RunId, invocation.RunId.ToString());
        request.Headers.Add(WebhookHeaders.ToolCallId, invocation.Call.Id);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp);
        if (!string.IsNullOrEmpty(invocation.Definition.Secret))
        {
            request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Compute(invocation.Definition.Secret, timestamp, body));
        }

        return request;
    }
}
