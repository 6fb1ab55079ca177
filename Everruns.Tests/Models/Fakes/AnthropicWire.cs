using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Everruns.Tests.Models.Fakes;

/// <summary>Answers as Anthropic's Messages API does (<c>POST /v1/messages</c>): server-sent events when streaming.</summary>
public static class AnthropicWire
{
    public static async Task TextAsync(ProviderRequest request, HttpContext context, string text, int inputTokens = 12)
    {
        var words = text.Split(' ');
        if (request.Json["stream"]?.GetValue<bool>() != true)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                id = "msg_fake",
                type = "message",
                role = "assistant",
                model = "claude-fake",
                content = new[] { new { type = "text", text } },
                stop_reason = "end_turn",
                stop_sequence = (string?)null,
                usage = new { input_tokens = inputTokens, output_tokens = words.Length },
            }));
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await EventAsync(context, "message_start", new
        {
            type = "message_start",
            message = new
            {
                id = "msg_fake",
                type = "message",
                role = "assistant",
                model = "claude-fake",
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = new { input_tokens = inputTokens, output_tokens = 1 },
            },
        });
        await EventAsync(context, "content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
        for (var i = 0; i < words.Length; i++)
        {
            var piece = i == 0 ? words[i] : " " + words[i];
            await EventAsync(context, "content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = piece } });
        }

        await EventAsync(context, "content_block_stop", new { type = "content_block_stop", index = 0 });
        await EventAsync(context, "message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = "end_turn", stop_sequence = (string?)null },
            usage = new { output_tokens = words.Length },
        });
        await EventAsync(context, "message_stop", new { type = "message_stop" });
    }

    /// <summary>A 429 with <c>retry-after</c>, as Anthropic sends when a rate limit is hit.</summary>
    public static Task RateLimitedAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers["retry-after"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""");
    }

    private static async Task EventAsync(HttpContext context, string name, object data)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n");
        await context.Response.Body.FlushAsync();
    }
}
