using System.Diagnostics;

namespace Everruns.Worker.Models;

/// <summary>Spaces tokens at a fixed rate against a start time, so small scheduling delays do not add up.</summary>
internal sealed class TokenPacer(double tokensPerSecond)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public Task WaitForTokenAsync(int index, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (tokensPerSecond <= 0 || index == 0)
        {
            return Task.CompletedTask;
        }

        var remaining = TimeSpan.FromSeconds(index / tokensPerSecond) - Stopwatch.GetElapsedTime(_start);
        return remaining > TimeSpan.Zero ? Task.Delay(remaining, cancellationToken) : Task.CompletedTask;
    }
}
