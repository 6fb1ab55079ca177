using System.Diagnostics;

namespace Everruns.Hosting.Processes;

/// <summary>What to run: a program, its arguments, where and with which extra environment.</summary>
internal sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The same command run through <paramref name="wrapper"/> (e.g. setpriv or setsid).</summary>
    public ProcessCommand WrappedBy(string wrapper, params IEnumerable<string> wrapperArguments) =>
        this with { FileName = wrapper, Arguments = [.. wrapperArguments, FileName, .. Arguments] };

    public ProcessStartInfo ToStartInfo()
    {
        var info = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
