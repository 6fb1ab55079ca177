namespace Everruns.Worker.Models;

/// <summary>
/// A model cannot be used as configured: a missing API key, an unknown provider, an invalid setting.
/// Never retried: repeating the call cannot fix it.
/// </summary>
public sealed class ModelConfigurationException(string message) : Exception(message);
