using System.Diagnostics;
using System.Globalization;

namespace Everruns.Tests.AppHost;

/// <summary>What /proc says about the processes of this machine.</summary>
internal static class ProcessTable
{
    /// <summary>Live processes whose command line or environment mentions <paramref name="text"/>.</summary>
    public static List<int> Mentioning(string text)
    {
        var found = new List<int>();
        foreach (var pid in AllPids().Where(pid => pid != Environment.ProcessId))
        {
            if ((Read(pid, "cmdline").Contains(text, StringComparison.Ordinal) || Read(pid, "environ").Contains(text, StringComparison.Ordinal))
                && IsAlive(pid))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Live processes of the process group <paramref name="groupId"/>.</summary>
    public static List<int> InGroup(int groupId) =>
        AllPids().Where(pid => Stat(pid) is { Length: > 2 } fields && fields[2] == groupId.ToString(CultureInfo.InvariantCulture) && fields[0] != "Z").ToList();

    /// <summary><paramref name="pid"/> and every live process below it.</summary>
    public static List<int> WithDescendants(int pid)
    {
        var children = AllPids()
            .Select(child => (Pid: child, Fields: Stat(child)))
            .Where(child => child.Fields is { Length: > 1 } && child.Fields[0] != "Z")
            .ToLookup(child => child.Fields![1], child => child.Pid);
        var found = new List<int> { pid };
        for (var i = 0; i < found.Count; i++)
        {
            found.AddRange(children[found[i].ToString(CultureInfo.InvariantCulture)]);
        }

        return found;
    }

    /// <summary>Whether the process exists and has not exited (a zombie has).</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { Length: > 0 } fields && fields[0] != "Z";

    public static async Task<bool> WaitUntilGoneAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (pids.Any(IsAlive))
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>The fields of /proc/&lt;pid&gt;/stat after "pid (comm)": state, ppid, pgrp, ...</summary>
    private static string[]? Stat(int pid)
    {
        var stat = Read(pid, "stat");
        var end = stat.LastIndexOf(')');
        return end < 0 ? null : stat[(end + 2)..].Split(' ');
    }

    private static string Read(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or not ours to read.
            return string.Empty;
        }
    }
}
