using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Everruns.Worker.Tools;

/// <summary>
/// Calls webhook tools: sends the call's arguments as JSON to the tool's URL, signed and with an idempotency key,
/// retrying transient failures. Every failure becomes an error result for the model; only the run's own
/// cancellation ends a call with an exception.
/// </summary>
/// <remarks>Logs name the tool and never carry the URL, headers, bodies or secret.</remarks>
public sealed class WebhookToolInvoker : IDisposable
{
    public const int DefaultTimeoutSecs = 30;
    public const int DefaultMaxRetries = 2;
    public const int MaxTimeoutSecs = 600;
    public const int MaxRetriesLimit = 10;
    public const int MaxResponseBytes = 1024 * 1024;

    private readonly HttpClient _client;
    private readonly WebhookRetryPipelines _pipelines;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public WebhookToolInvoker(ToolsOptions options, TimeProvider time, ILogger<WebhookToolInvoker> logger)
    {
        _client = GuardedHttpClient.Create(new OutboundAddressPolicy(options.AllowPrivateNetworks));
        _pipelines = new WebhookRetryPipelines(options, time, logger);
        _time = time;
        _logger = logger;
    }

    public async Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var definition = invocation.Definition;
        if (!Uri.TryCreate(definition.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return ToolResult.Error($"The webhook tool '{definition.Name}' has no absolute http(s) URL.");
        }

        if (!TryParseMethod(definition.Method, out var method))
        {
            return ToolResult.Error($"The webhook tool '{definition.Name}' has an invalid HTTP method.");
        }

        if (invocation.Call.Id.Any(c => c is < ' ' or > '~'))
        {
            return ToolResult.Error("The tool call id cannot be sent in an HTTP header.");
        }

        // Checked again here: a definition may predate the check on saving, or reach the database another way.
        foreach (var (name, value) in definition.Headers ?? new Dictionary<string, string>())
        {
            if (WebhookHeaders.Problem(name, value) is { } problem && !WebhookHeaders.IsReserved(name))
            {
                return ToolResult.Error($"The webhook tool '{definition.Name}' was not called: {problem}");
            }
        }

        var timeoutSecs = Math.Clamp(definition.TimeoutSecs ?? DefaultTimeoutSecs, 1, MaxTimeoutSecs);
        var retries = Math.Clamp(definition.MaxRetries ?? DefaultMaxRetries, 0, MaxRetriesLimit);
        var call = new WebhookCall(_client, invocation, url, method, ArgumentsBody(invocation), _time);
        var pipeline = _pipelines.For(retries, TimeSpan.FromSeconds(timeoutSecs));
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(WebhookRetryPipelines.ToolName, definition.Name);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var attempt = await pipeline.ExecuteAsync(static (context, call) => call.SendAsync(context.CancellationToken), context, call);
            _logger.LogDebug(
                "Webhook tool {Tool} answered {Status} after {Attempts} attempt(s) in {Elapsed} ms",
                definition.Name, (int)attempt.Status, call.Attempts, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return attempt.ToResult(call.Attempts, MaxResponseBytes);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var result = ToErrorResult(exception, call.Attempts, timeoutSecs);
            _logger.LogWarning(
                "Webhook tool {Tool} failed after {Attempts} attempt(s) in {Elapsed} ms: {Failure}",
                definition.Name, call.Attempts, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name);
            return result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Dispose() => _client.Dispose();

    private static ToolResult ToErrorResult(Exception exception, int attempts, int timeoutSecs)
    {
        var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        if (OutboundAddressRefusedException.FindIn(exception) is { } refused)
        {
            return ToolResult.Error(refused.Message);
        }

        return exception switch
        {
            TimeoutRejectedException or OperationCanceledException =>
                ToolResult.Error($"The webhook did not answer within the tool's timeout of {timeoutSecs} s ({tries})."),
            HttpRequestException or IOException =>
                ToolResult.Error($"The webhook could not be reached ({tries}): {exception.Message}"),
            _ => ToolResult.Error($"The webhook call failed ({tries}): {exception.GetType().Name}."),
        };
    }

    private static byte[] ArgumentsBody(ToolInvocation invocation) =>
        invocation.Call.Arguments.ValueKind == JsonValueKind.Undefined
            ? "{}"u8.ToArray()
            : JsonSerializer.SerializeToUtf8Bytes(invocation.Call.Arguments);

    private static bool TryParseMethod(string? value, out HttpMethod method)
    {
        method = HttpMethod.Post;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        try
        {
            method = HttpMethod.Parse(value.Trim().ToUpperInvariant());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
