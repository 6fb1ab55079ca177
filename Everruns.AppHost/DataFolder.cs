using Everruns.Hosting.Postgres;

namespace Everruns.AppHost;

/// <summary>The folder of everything the local stack stores (PostgreSQL's data, Temporal's database), kept between runs.</summary>
public static class DataFolder
{
    /// <summary>Deletes <paramref name="root"/>, unless a running AppHost uses its PostgreSQL data.</summary>
    /// <exception cref="AppHostSetupException">The data is in use.</exception>
    public static void Reset(string root, Action<string> say)
    {
        if (!Directory.Exists(root))
        {
            say($"--reset-data: there is no data folder yet ({root}); nothing to delete.");
            return;
        }

        DataDirectoryLock inUse;
        try
        {
            inUse = DataDirectoryLock.Acquire(Path.Combine(root, "postgres"));
        }
        catch (InvalidOperationException)
        {
            throw new AppHostSetupException($"--reset-data: the data folder {root} is in use by another running Everruns; stop it first.");
        }

        using (inUse)
        {
            say($"Deleting the data folder {root} (--reset-data).");
            Directory.Delete(root, recursive: true);
        }
    }
}
