using System.Globalization;
using Everruns.Data.Agents;
using Microsoft.Extensions.Configuration;

namespace Everruns.Worker.Models;

/// <summary>
/// Model provider settings. Each value is read from <c>Models:…</c> first, then from the conventional
/// environment variable (<c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>ANTHROPIC_API_KEY</c>,
/// <c>ANTHROPIC_BASE_URL</c>, <c>OLLAMA_ENDPOINT</c>, <c>OLLAMA_API_KEY</c>). Empty values count as unset.
/// </summary>
public sealed record ModelsOptions
{
    public const string Section = "Models";

    public OpenAiOptions OpenAI { get; init; } = new();

    public AnthropicOptions Anthropic { get; init; } = new();

    public OllamaOptions Ollama { get; init; } = new();

    public SimulatorOptions Simulator { get; init; } = new();

    public ModelRetryOptions Retry { get; init; } = new();

    /// <summary><c>Models:DefaultModel</c>: overrides the default that <see cref="ModelCatalog"/> derives.</summary>
    public ModelId? DefaultModel { get; init; }

    /// <summary>
    /// Whether <c>sim/...</c> models may run: when no real provider is configured (so that everything runs without
    /// network), or when <c>Models:Simulator:Enabled</c> says so. Next to a real provider it is off by default: its cues
    /// make long answers and long waits on request.
    /// </summary>
    public bool SimulatorEnabled => Simulator.Enabled ?? !(OpenAI.IsConfigured || Anthropic.IsConfigured || Ollama.IsConfigured);

    /// <summary>Reads and validates the settings; throws <see cref="ModelConfigurationException"/> on an invalid value.</summary>
    public static ModelsOptions FromConfiguration(IConfiguration configuration)
    {
        string? Read(string key, string? environmentVariable = null)
        {
            var value = configuration[$"{Section}:{key}"];
            if (string.IsNullOrWhiteSpace(value) && environmentVariable is not null)
            {
                value = configuration[environmentVariable];
            }

            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        var defaults = new ModelRetryOptions();
        return new ModelsOptions
        {
            OpenAI = new OpenAiOptions
            {
                ApiKey = Read("OpenAI:ApiKey", "OPENAI_API_KEY"),
                BaseUrl = ReadUri(Read("OpenAI:BaseUrl", "OPENAI_BASE_URL"), "Models:OpenAI:BaseUrl (OPENAI_BASE_URL)"),
            },
            Anthropic = new AnthropicOptions
            {
                ApiKey = Read("Anthropic:ApiKey", "ANTHROPIC_API_KEY"),
                BaseUrl = ReadUri(Read("Anthropic:BaseUrl", "ANTHROPIC_BASE_URL"), "Models:Anthropic:BaseUrl (ANTHROPIC_BASE_URL)"),
            },
            Ollama = new OllamaOptions
            {
                Endpoint = ReadUri(Read("Ollama:Endpoint", "OLLAMA_ENDPOINT"), "Models:Ollama:Endpoint (OLLAMA_ENDPOINT)"),
                ApiKey = Read("Ollama:ApiKey", "OLLAMA_API_KEY"),
                Headers = ReadHeaders(configuration.GetSection($"{Section}:Ollama:Headers"), "Models:Ollama:Headers"),
            },
            Simulator = new SimulatorOptions
            {
                TokensPerSecond = ReadNumber(Read("Simulator:TokensPerSecond"), "Models:Simulator:TokensPerSecond", SimulatorOptions.DefaultTokensPerSecond, max: 100_000),
                Enabled = ReadBool(Read("Simulator:Enabled"), "Models:Simulator:Enabled"),
            },
            Retry = new ModelRetryOptions
            {
                MaxRetries = (int)ReadNumber(Read("MaxRetries"), "Models:MaxRetries", defaults.MaxRetries, max: 20),
                BaseDelay = TimeSpan.FromMilliseconds(ReadNumber(Read("RetryBaseDelayMs"), "Models:RetryBaseDelayMs", defaults.BaseDelay.TotalMilliseconds, max: 60_000)),
                MaxDelay = TimeSpan.FromMilliseconds(ReadNumber(Read("RetryMaxDelayMs"), "Models:RetryMaxDelayMs", defaults.MaxDelay.TotalMilliseconds, max: 3_600_000)),
                RateLimitMaxWait = TimeSpan.FromSeconds(
                    ReadNumber(Read("RateLimitMaxWaitSeconds"), "Models:RateLimitMaxWaitSeconds", defaults.RateLimitMaxWait.TotalSeconds, max: 86_400)),
            },
            DefaultModel = ReadModelId(Read("DefaultModel")),
        };
    }

    private static Uri? ReadUri(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ModelConfigurationException($"{name} is '{value}'; it must be an absolute http(s) URL.");
        }

        return uri;
    }

    private static Dictionary<string, string> ReadHeaders(IConfigurationSection section, string name)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in section.GetChildren())
        {
            if (header.Value is null || header.Key.Any(c => c <= ' ' || c >= 127 || c == ':') || header.Value.Any(c => c is '\r' or '\n'))
            {
                throw new ModelConfigurationException($"{name}:{header.Key} is not a valid HTTP header name and value.");
            }

            headers[header.Key] = header.Value;
        }

        return headers;
    }

    private static double ReadNumber(string? value, string name, double fallback, double max)
    {
        if (value is null)
        {
            return fallback;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0 || number > max)
        {
            throw new ModelConfigurationException($"{name} is '{value}'; it must be a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}.");
        }

        return number;
    }

    private static bool? ReadBool(string? value, string name) =>
        value is null ? null
        : bool.TryParse(value, out var flag) ? flag
        : throw new ModelConfigurationException($"{name} is '{value}'; it must be true or false.");

    private static ModelId? ReadModelId(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!ModelId.TryParse(value, out var modelId))
        {
            throw new ModelConfigurationException(
                $"Models:DefaultModel is '{value}'; it must be 'provider/model' with a provider of {string.Join(", ", ModelId.Providers)}.");
        }

        return modelId;
    }
}
