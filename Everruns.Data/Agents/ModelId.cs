namespace Everruns.Data.Agents;

/// <summary>An agent's model, written <c>provider/model</c>: <c>openai/gpt-4o</c>, <c>anthropic/…</c>, <c>ollama/…</c>, <c>sim/…</c>.</summary>
public readonly record struct ModelId(string Provider, string Model)
{
    public static readonly IReadOnlyList<string> Providers = ["openai", "anthropic", "ollama", "sim"];

    public static bool TryParse(string? value, out ModelId modelId)
    {
        modelId = default;
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200 || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            return false;
        }

        var provider = value[..slash];
        if (!Providers.Contains(provider))
        {
            return false;
        }

        modelId = new ModelId(provider, value[(slash + 1)..]);
        return true;
    }

    public override string ToString() => $"{Provider}/{Model}";
}
