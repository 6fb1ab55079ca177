using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary><c>anthropic/&lt;model&gt;</c> through the official Anthropic SDK's <see cref="IChatClient"/>.</summary>
internal static class AnthropicChatClients
{
    // Anthropic requires max_tokens on every request; agents that set no limit get this one.
    private const int DefaultMaxOutputTokens = 4096;

    public static IChatClient Create(AnthropicOptions options, string model)
    {
        if (!options.IsConfigured)
        {
            throw new ModelConfigurationException($"Model 'anthropic/{model}' needs ANTHROPIC_API_KEY (or Models:Anthropic:ApiKey).");
        }

        var clientOptions = new ClientOptions
        {
            ApiKey = options.ApiKey,
            // Retries belong to RetryingChatClient; retrying here too would multiply attempts.
            MaxRetries = 0,
        };
        if (options.BaseUrl is not null)
        {
            clientOptions.BaseUrl = options.BaseUrl.ToString();
        }

        return new AnthropicClient(clientOptions).AsIChatClient(model, DefaultMaxOutputTokens);
    }
}
