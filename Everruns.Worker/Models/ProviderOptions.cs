namespace Everruns.Worker.Models;

/// <summary>OpenAI, or any OpenAI-compatible server when <see cref="BaseUrl"/> is set (it includes the <c>/v1</c> part).</summary>
public sealed record OpenAiOptions
{
    public string? ApiKey { get; init; }

    public Uri? BaseUrl { get; init; }

    /// <summary>A key, or a base URL alone: OpenAI-compatible local servers usually need no key.</summary>
    public bool IsConfigured => ApiKey is not null || BaseUrl is not null;
}

public sealed record AnthropicOptions
{
    public string? ApiKey { get; init; }

    public Uri? BaseUrl { get; init; }

    public bool IsConfigured => ApiKey is not null;
}

public sealed record OllamaOptions
{
    public static readonly Uri DefaultEndpoint = new("http://localhost:11434");

    /// <summary>Unset means <see cref="DefaultEndpoint"/>; only an explicit endpoint marks Ollama as configured.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c>, for a hosted Ollama.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Headers sent with every request (a proxy's or gateway's credentials, for example).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public bool IsConfigured => Endpoint is not null;

    public Uri EffectiveEndpoint => Endpoint ?? DefaultEndpoint;
}

public sealed record SimulatorOptions
{
    public const double DefaultTokensPerSecond = 50;

    /// <summary>Streaming rate; 0 streams as fast as possible.</summary>
    public double TokensPerSecond { get; init; } = DefaultTokensPerSecond;

    /// <summary><c>Models:Simulator:Enabled</c>; unset means on exactly when no real provider is configured.</summary>
    public bool? Enabled { get; init; }
}
