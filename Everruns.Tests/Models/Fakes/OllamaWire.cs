using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Everruns.Tests.Models.Fakes;

/// <summary>Answers as Ollama's chat API does (<c>POST /api/chat</c>): one JSON object per line when streaming.</summary>
public static class OllamaWire
{
    public static async Task TextAsync(ProviderRequest request, HttpContext context, string text, int promptTokens = 9)
    {
        var model = request.Json["model"]!.GetValue<string>();
        var words = text.Split(' ');
        context.Response.ContentType = "application/x-ndjson";
        if (request.Json["stream"]?.GetValue<bool>() == false)
        {
            await LineAsync(context, Done(model, text, promptTokens, words.Length));
            return;
        }

        for (var i = 0; i < words.Length; i++)
        {
            await LineAsync(context, new
            {
                model,
                created_at = "2025-01-01T00:00:00Z",
                message = new { role = "assistant", content = i == 0 ? words[i] : " " + words[i] },
                done = false,
            });
        }

        await LineAsync(context, Done(model, "", promptTokens, words.Length));
    }

    /// <summary>A 429 with <c>Retry-After</c>, as a hosted Ollama (or a gateway in front of one) sends when a limit is hit.</summary>
    public static Task RateLimitedAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"error":"too many requests"}""");
    }

    private static object Done(string model, string content, int promptTokens, int evalTokens) => new
    {
        model,
        created_at = "2025-01-01T00:00:00Z",
        message = new { role = "assistant", content },
        done = true,
        done_reason = "stop",
        total_duration = 1000,
        prompt_eval_count = promptTokens,
        eval_count = evalTokens,
    };

    private static async Task LineAsync(HttpContext context, object value)
    {
        await context.Response.WriteAsync(JsonSerializer.Serialize(value) + "\n");
        await context.Response.Body.FlushAsync();
    }
}
