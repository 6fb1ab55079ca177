using Everruns.Data.Agents;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary>Gives the chat client for an agent's model id.</summary>
public interface IModelClientFactory
{
    /// <summary>
    /// A new client for the model, retrying transient provider errors. The caller owns it and may dispose it.
    /// Throws <see cref="ModelConfigurationException"/> when the provider is not configured.
    /// </summary>
    IChatClient Create(ModelId modelId);
}
