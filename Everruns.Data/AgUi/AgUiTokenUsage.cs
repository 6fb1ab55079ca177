namespace Everruns.Data.AgUi;

/// <summary>
/// Token counts for one provider and model. Input and output are totals; reasoning, cached and
/// cache-write counts are parts of them, never additions. An absent count means "not reported".
/// </summary>
public sealed record AgUiTokenUsage
{
    public string? Provider { get; init; }
    public string? Model { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public long? TotalTokens { get; init; }
    public long? ReasoningTokens { get; init; }
    public long? CachedInputTokens { get; init; }
    public long? CacheWriteInputTokens { get; init; }
}
