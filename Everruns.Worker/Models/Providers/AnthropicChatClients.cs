using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary>
/// <c>anthropic/&lt;model&gt;</c> through the official Anthropic SDK's <see cref="IChatClient"/>. Every client shares one
/// HttpClient whose <see cref="RetryAfterHandler"/> notes the Retry-After that the SDK's exceptions do not carry.
/// </summary>
internal sealed class AnthropicChatClients(AnthropicOptions options) : IDisposable
{
    // Anthropic requires max_tokens on every request; agents that set no limit get this one.
    private const int DefaultMaxOutputTokens = 4096;

    private readonly Lazy<HttpClient> _http = new(() => new HttpClient(new RetryAfterHandler { InnerHandler = new SocketsHttpHandler() })
    {
        // The SDK applies its own timeout to each call.
        Timeout = Timeout.InfiniteTimeSpan,
    });

    public IChatClient Create(string model)
    {
        if (!options.IsConfigured)
        {
            throw new ModelConfigurationException($"Model 'anthropic/{model}' needs ANTHROPIC_API_KEY (or Models:Anthropic:ApiKey).");
        }

        var clientOptions = new ClientOptions
        {
            ApiKey = options.ApiKey,
            HttpClient = _http.Value,
            // Retries belong to RetryingChatClient; retrying here too would multiply attempts.
            MaxRetries = 0,
        };
        if (options.BaseUrl is not null)
        {
            clientOptions.BaseUrl = options.BaseUrl.ToString();
        }

        return new AnthropicClient(clientOptions).AsIChatClient(model, DefaultMaxOutputTokens);
    }

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
