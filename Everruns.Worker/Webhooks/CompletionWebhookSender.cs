using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Everruns.Data.Json;
using Everruns.Data.Secrets;
using Everruns.Data.Webhooks;
using Everruns.Worker.Tools;
using Microsoft.Extensions.Options;

namespace Everruns.Worker.Webhooks;

/// <summary>
/// Makes one attempt of a completion webhook delivery: POSTs the run's end as JSON, signed exactly as webhook tools
/// sign their calls (<see cref="WebhookSignature"/>), with the delivery's id as the <c>Idempotency-Key</c>, through the
/// guarded client, so the outbound address rules of tools apply (<c>Tools:AllowPrivateNetworks</c>).
/// </summary>
public sealed class CompletionWebhookSender(
    OutboundAddressPolicy addresses, ToolSecretProtection secrets, IOptions<CompletionWebhookOptions> options, TimeProvider time) : IDisposable
{
    private const int ErrorBodyChars = 300;
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient client = GuardedHttpClient.Create(addresses);

    /// <summary>The exact bytes every attempt of the delivery sends.</summary>
    public static byte[] BodyOf(ClaimedDelivery delivery) =>
        JsonSerializer.SerializeToUtf8Bytes(CompletionWebhookBody.Of(delivery), EverrunsJson.Options);

    /// <summary>Sends the delivery once. Throws only when <paramref name="cancellationToken"/> (this process stopping) cancels it.</summary>
    public async Task<DeliveryResult> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        string? secret;
        try
        {
            secret = secrets.OpenWebhookSecret(delivery.Secret);
        }
        catch (SecretProtectionException e)
        {
            return new DeliveryResult.Permanent(null, $"The webhook's secret cannot be read: {e.Message}");
        }

        var timeout = options.Value.AttemptTimeout;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var request = CreateRequest(delivery, secret);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            return await ResultOfAsync(response, attempt.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult.Transient(null, $"The receiver did not answer within {timeout.TotalSeconds:0.###} s.");
        }
        catch (Exception e) when (OutboundAddressRefusedException.FindIn(e) is { } refused)
        {
            return new DeliveryResult.Permanent(null, refused.Message);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult.Transient(null, $"The receiver could not be reached: {e.Message}");
        }
    }

    public void Dispose() => client.Dispose();

    private HttpRequestMessage CreateRequest(ClaimedDelivery delivery, string? secret)
    {
        var body = BodyOf(delivery);
        var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add(WebhookHeaders.IdempotencyKey, delivery.Id.ToString());
        request.Headers.Add(WebhookHeaders.RunId, delivery.Run.RunId.ToString());
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp);
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Compute(secret, timestamp, body));
        }

        return request;
    }

    private static async Task<DeliveryResult> ResultOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and <= 299)
        {
            return new DeliveryResult.Delivered(status);
        }

        var content = await BoundedContent.ReadAsync(response.Content, ErrorBodyChars, cancellationToken);
        var excerpt = Encoding.UTF8.GetString(content.Bytes).Trim();
        var answered = $"The receiver answered {status} {response.ReasonPhrase}".TrimEnd() + (excerpt.Length == 0 ? "." : $": {excerpt}");
        if (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500)
        {
            return new DeliveryResult.Transient(status, answered, WebhookAttempt.RetryAfterOf(response, DateTimeOffset.UtcNow));
        }

        return new DeliveryResult.Permanent(
            status, status is >= 300 and <= 399 ? $"{answered} Redirects are not followed." : $"{answered} This answer is not retried.");
    }
}
