using System.Collections.Concurrent;

namespace Everruns.Worker.Models;

/// <summary>
/// Remembers which <c>:once</c> cues already fired. Process-wide on purpose: a retry goes through a new
/// client instance (or a new HTTP request to the simulator endpoint) and must still see the first attempt.
/// Keys are conversation hashes, so the set only grows with distinct failing conversations.
/// </summary>
internal static class SimulatorOnce
{
    private static readonly ConcurrentDictionary<string, byte> Fired = new(StringComparer.Ordinal);

    /// <summary>True the first time a cue is seen for a conversation, false ever after.</summary>
    public static bool IsFirst(string conversationKey, string cue) => Fired.TryAdd($"{conversationKey}|{cue}", 0);
}
