namespace Everruns.Hosting.Postgres;

/// <summary>
/// An exclusive lock on a file beside the data directory, held while a launcher owns the server. The operating
/// system drops it when the launcher dies, however it dies, so a postgres found running on a data directory whose
/// lock is free was left behind by a crashed launcher.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var path = Path.TrimEndingDirectorySeparator(dataDirectory) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL data directory {dataDirectory} is in use by another running Everruns process; stop it first.", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
