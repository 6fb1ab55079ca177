using System.Diagnostics;

namespace Everruns.Tests.Infrastructure;

/// <summary>Waits for a service started as a child process to answer <c>/health</c>, or says why it never did.</summary>
public static class ChildHealth
{
    public static async Task WaitAsync(Process process, Uri address, string name, Func<string> output)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} exited with {process.ExitCode}:\n{output()}");
            }

            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The {name} did not become healthy:\n{output()}");
    }
}
