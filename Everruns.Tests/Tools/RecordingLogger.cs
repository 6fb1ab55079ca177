using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Everruns.Tests.Tools;

/// <summary>Keeps every log entry: its formatted message and each structured value.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Entries.Enqueue(formatter(state, exception));
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                Entries.Enqueue($"{key}={value}");
            }
        }

        if (exception is not null)
        {
            Entries.Enqueue(exception.ToString());
        }
    }
}
