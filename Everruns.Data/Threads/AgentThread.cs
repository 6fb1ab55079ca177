using System.Text.Json;

namespace Everruns.Data.Threads;

/// <summary>A conversation. Named so as not to collide with <see cref="System.Threading.Thread"/>.</summary>
public sealed record AgentThread(
    Guid Id,
    Guid? AgentId,
    string? Title,
    JsonElement Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
