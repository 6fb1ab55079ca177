using System.ComponentModel;

namespace Everruns.Hosting.Processes;

/// <summary>Runs a short command to completion and fails loudly, with its output, if it does not succeed.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(
        ProcessCommand command, Action<string> onLine, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(command, onLine);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run '{command.FileName}': {e.Message}.", e);
        }

        await using (process)
        {
            int exitCode;
            try
            {
                exitCode = await process.Exited.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await process.StopAsync(TimeSpan.FromSeconds(5));
                throw;
            }

            if (exitCode != 0 && throwOnFailure)
            {
                throw new InvalidOperationException(
                    $"'{command}' failed with exit code {exitCode}:{Environment.NewLine}{process.FormatLastLines()}");
            }

            return exitCode;
        }
    }
}

