using Everruns.Hosting.Postgres;

namespace Aspire.Hosting;

/// <summary>
/// The data directory locks the AppHost holds while its servers run (taken at the first start, kept across restarts
/// from the dashboard), released when the app is disposed or the AppHost exits.
/// </summary>
internal sealed class DataDirectoryLocks : IDisposable
{
    private readonly Dictionary<string, DataDirectoryLock> _held = new(StringComparer.Ordinal);

    public void Hold(string dataDirectory)
    {
        lock (_held)
        {
            if (!_held.ContainsKey(dataDirectory))
            {
                _held[dataDirectory] = DataDirectoryLock.Acquire(dataDirectory);
            }
        }
    }

    public void Dispose()
    {
        lock (_held)
        {
            foreach (var held in _held.Values)
            {
                held.Dispose();
            }

            _held.Clear();
        }
    }
}
