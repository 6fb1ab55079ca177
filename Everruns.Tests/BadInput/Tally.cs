using System.Collections.Concurrent;
using System.Text;

namespace Everruns.Tests.BadInput;

/// <summary>How many requests went to each endpoint, and what they were answered.</summary>
public sealed class Tally
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, int>> answers = new();

    public int Total => answers.Values.Sum(statuses => statuses.Values.Sum());

    public void Count(string endpoint, int status) =>
        answers.GetOrAdd(endpoint, _ => new()).AddOrUpdate(status, 1, (_, count) => count + 1);

    /// <summary>One line per endpoint: requests sent, then how many got each status (0: no answer).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (endpoint, statuses) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var byStatus = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
            text.AppendLine($"{endpoint,-36} {statuses.Values.Sum(),6} requests ({byStatus})");
        }

        return text.Append($"{"total",-36} {Total,6} requests").ToString();
    }
}
