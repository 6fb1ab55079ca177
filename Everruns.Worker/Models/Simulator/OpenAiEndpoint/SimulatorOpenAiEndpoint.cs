using System.ClientModel;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Everruns.Worker.Models;

/// <summary>
/// Serves the simulator as an OpenAI-compatible server: <c>POST {prefix}/v1/chat/completions</c>, streaming
/// (SSE) or not. Point <c>OPENAI_BASE_URL</c> at <c>{server}{prefix}/v1</c> to drive the real OpenAI client
/// against it. Error cues become HTTP errors (429 with Retry-After, 5xx, 4xx); a mid-stream failure drops
/// the connection, as a failing provider would: the exception is left to Kestrel, which sends what was
/// already written and then closes without ending the response, where aborting could lose the last tokens.
/// </summary>
public static class SimulatorOpenAiEndpoint
{
    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        var simulator = endpoints.ServiceProvider.GetService<ModelsOptions>()?.Simulator ?? new SimulatorOptions();
        return endpoints
            .MapPost($"{prefix.TrimEnd('/')}/v1/chat/completions", context => HandleAsync(context, simulator))
            .ExcludeFromDescription();
    }

    private static async Task HandleAsync(HttpContext context, SimulatorOptions simulator)
    {
        var cancellationToken = context.RequestAborted;
        OpenAiChatRequest request;
        try
        {
            request = await OpenAiChatRequest.ReadAsync(context.Request, cancellationToken);
        }
        catch (InvalidOpenAiRequestException exception)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, OpenAiChatJson.Error(exception.Message, "invalid_request_error"));
            return;
        }

        using var client = new SimulatorChatClient(simulator, request.SimulatorModel);
        var options = new ChatOptions { MaxOutputTokens = request.MaxTokens };
        try
        {
            if (request.Stream)
            {
                await StreamAsync(context, client, request, options, cancellationToken);
            }
            else
            {
                var response = await client.GetResponseAsync(request.Messages, options, cancellationToken);
                var completion = OpenAiChatJson.Completion(CompletionId(response.ResponseId), Created(), request.Model, response);
                await WriteJsonAsync(context, StatusCodes.Status200OK, completion);
            }
        }
        catch (ClientResultException exception) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, exception);
        }
        catch (HttpIOException) when (!context.Response.HasStarted)
        {
            // Cut off before anything was sent: drop the connection, as a failing provider would.
            context.Abort();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task StreamAsync(
        HttpContext context, SimulatorChatClient client, OpenAiChatRequest request, ChatOptions options, CancellationToken cancellationToken)
    {
        var created = Created();
        string? id = null;
        var toolIndex = 0;
        var roleSent = false;
        UsageDetails? usage = null;
        await foreach (var update in client.GetStreamingResponseAsync(request.Messages, options, cancellationToken))
        {
            if (id is null)
            {
                id = CompletionId(update.ResponseId);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
            }

            foreach (var content in update.Contents)
            {
                var delta = new JsonObject();
                switch (content)
                {
                    case TextContent text:
                        delta["content"] = text.Text;
                        break;
                    case FunctionCallContent call:
                        delta["tool_calls"] = new JsonArray(OpenAiChatJson.ToolCall(call, toolIndex++));
                        break;
                    case UsageContent used:
                        usage = used.Details;
                        continue;
                    default:
                        continue;
                }

                if (!roleSent)
                {
                    delta["role"] = "assistant";
                    roleSent = true;
                }

                await WriteEventAsync(context, OpenAiChatJson.Chunk(id, created, request.Model, delta, finishReason: null).ToJsonString(), cancellationToken);
            }

            if (update.FinishReason is { } finishReason)
            {
                await WriteEventAsync(context, OpenAiChatJson.Chunk(id, created, request.Model, [], finishReason).ToJsonString(), cancellationToken);
            }
        }

        if (request.IncludeUsage && usage is not null && id is not null)
        {
            await WriteEventAsync(context, OpenAiChatJson.UsageChunk(id, created, request.Model, usage).ToJsonString(), cancellationToken);
        }

        await WriteEventAsync(context, "[DONE]", cancellationToken);
    }

    private static async Task WriteEventAsync(HttpContext context, string data, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync($"data: {data}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static async Task WriteErrorAsync(HttpContext context, ClientResultException exception)
    {
        var raw = exception.GetRawResponse();
        if (raw?.Headers.TryGetValue("Retry-After", out var retryAfter) == true)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        var body = raw?.Content is { } content && content.ToMemory().Length > 0
            ? JsonNode.Parse(content.ToString())!.AsObject()
            : OpenAiChatJson.Error(exception.Message, "server_error");
        await WriteJsonAsync(context, exception.Status, body);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static string CompletionId(string? responseId) => "chatcmpl-" + (responseId ?? Guid.NewGuid().ToString("N"));

    private static long Created() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
