using System.Text.RegularExpressions;

namespace Everruns.AppHost.Output;

/// <summary>
/// Keeps the log lines that look like warnings or errors (for <c>--quiet</c>), in the forms our children print them:
/// .NET's "warn:"/"fail:"/"crit:", PostgreSQL's "WARNING:"/"ERROR:"/"FATAL:", npm's "npm warn"/"npm error",
/// structured "level=warn", Next.js's ⚠ and ⨯. The indented lines that follow a kept line (a .NET message, a stack
/// trace) are kept with it.
/// </summary>
internal sealed partial class QuietFilter
{
    private readonly Dictionary<string, bool> _keepingEntry = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public static bool IsWarningOrError(string line) => Important().IsMatch(line);

    public bool Keep(string source, string line)
    {
        lock (_lock)
        {
            if (IsWarningOrError(line))
            {
                _keepingEntry[source] = true;
                return true;
            }

            var continues = line.Length > 0 && char.IsWhiteSpace(line[0]) && _keepingEntry.GetValueOrDefault(source);
            _keepingEntry[source] = continues;
            return continues;
        }
    }

    [GeneratedRegex(
        @"^\s*(warn|fail|crit|error):|\b(WARNING|ERROR|FATAL|PANIC):|^npm (warn|error|ERR!)|\blevel""?\s*[=:]\s*""?(warn|warning|error|fatal|panic)\b|[⚠⨯✖]|\bUnhandled exception\b|Exception:",
        RegexOptions.IgnoreCase)]
    private static partial Regex Important();
}
