using System.Globalization;

namespace Everruns.Bench;

/// <summary>The medians of where the one-at-a-time runs' time to first token went.</summary>
public static class FirstTokenPathTable
{
    public static void Print(IReadOnlyList<RunObservation> observations)
    {
        var paths = observations.Select(o => o.Path).OfType<FirstTokenPath>().Where(p => p.TokenReceived >= 0).ToList();
        if (paths.Count == 0)
        {
            return;
        }

        double Median(Func<FirstTokenPath, double> phase) => Percentiles.Of([.. paths.Select(phase).Order()], 50);

        Console.WriteLine();
        Console.WriteLine("One run at a time, p50 ms after the client sent POST /v1/runs:");
        Console.WriteLine();
        Console.WriteLine("| run answered | event stream open | RUN_STARTED emitted | model called | first token emitted | first token received |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Median(p => p.RunAnswered):F1} | {Median(p => p.StreamOpened):F1} | {Median(p => p.RunStarted):F1} | {Median(p => p.ModelCalled):F1} | {Median(p => p.TokenEmitted):F1} | {Median(p => p.TokenReceived):F1} |"));
    }
}
