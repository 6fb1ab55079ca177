using System.Text.Json;

namespace Everruns.Tests.BadInput;

/// <summary>
/// What every answer to a bad request must be: not a 5xx; for a 4xx, an RFC 9457 problem details body with the
/// status and a title; and never a stack trace, SQL text or .NET type name.
/// </summary>
public static class ResponseRules
{
    private static readonly string[] Leaks =
    [
        "   at ", "Exception:", "Npgsql", "PostgresException", "SqlState", "syntax error at or near",
        "INSERT INTO", "ON CONFLICT", "RETURNING ", "FROM agents", "FROM threads", "FROM messages", "FROM runs",
        "FROM tool_approvals", "FROM run_events", ".NET member", "Everruns.Api.", "Everruns.Data.", "System.", "Nullable`",
    ];

    /// <summary>What is wrong with the answer, or null when nothing is.</summary>
    public static string? Violation(int status, string? mediaType, string body)
    {
        if (status >= 500)
        {
            return $"answered {status}: {Excerpt(body)}";
        }

        var leak = Leaks.FirstOrDefault(marker => body.Contains(marker, StringComparison.Ordinal));
        if (leak is not null)
        {
            return $"answered {status} with server internals ('{leak}'): {Excerpt(body)}";
        }

        return status is >= 400 and < 500 ? ProblemViolation(status, mediaType, body) : null;
    }

    private static string? ProblemViolation(int status, string? mediaType, string body)
    {
        if (mediaType != "application/problem+json")
        {
            return $"answered {status} as '{mediaType ?? "no content type"}', not application/problem+json: {Excerpt(body)}";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"answered {status} with a problem body that is not an object: {Excerpt(body)}";
            }

            if (!root.TryGetProperty("status", out var bodyStatus) || bodyStatus.ValueKind != JsonValueKind.Number || bodyStatus.GetInt32() != status)
            {
                return $"answered {status} with a problem body whose status is not {status}: {Excerpt(body)}";
            }

            if (!root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(title.GetString()))
            {
                return $"answered {status} with a problem body without a title: {Excerpt(body)}";
            }

            return null;
        }
        catch (JsonException)
        {
            return $"answered {status} with a problem body that is not JSON: {Excerpt(body)}";
        }
    }

    private static string Excerpt(string body) => body.Length <= 400 ? body : body[..400] + "…";
}
