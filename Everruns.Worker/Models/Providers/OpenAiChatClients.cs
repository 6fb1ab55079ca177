using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Everruns.Worker.Models;

/// <summary><c>openai/&lt;model&gt;</c>: OpenAI itself, or any OpenAI-compatible server at <see cref="OpenAiOptions.BaseUrl"/>.</summary>
internal static class OpenAiChatClients
{
    // OpenAI-compatible servers without authentication still need a non-empty credential for the client.
    private const string KeyForKeylessServers = "not-needed";

    public static IChatClient Create(OpenAiOptions options, string model)
    {
        if (!options.IsConfigured)
        {
            throw new ModelConfigurationException(
                $"Model 'openai/{model}' needs OPENAI_API_KEY (or Models:OpenAI:ApiKey), or OPENAI_BASE_URL for an OpenAI-compatible server.");
        }

        var clientOptions = new OpenAIClientOptions
        {
            // Retries belong to RetryingChatClient; retrying here too would multiply attempts.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (options.BaseUrl is not null)
        {
            clientOptions.Endpoint = options.BaseUrl;
        }

        var credential = new ApiKeyCredential(options.ApiKey ?? KeyForKeylessServers);
        return new OpenAIClient(credential, clientOptions).GetChatClient(model).AsIChatClient();
    }
}
