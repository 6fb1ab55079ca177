using Everruns.Hosting.Postgres;

namespace Everruns.AppHost;

/// <summary>The folder of everything the local stack stores (PostgreSQL's data, Temporal's database), kept between runs.</summary>
internal static class DataFolder
{
    public static string Root => EverrunsPaths.DataRoot;

    public static string For(string name) => EverrunsPaths.Data(name);

    /// <summary>Deletes the data folder, unless a running AppHost uses its PostgreSQL data.</summary>
    /// <exception cref="AppHostSetupException">The data is in use.</exception>
    public static void Reset(Action<string> say)
    {
        if (!Directory.Exists(Root))
        {
            say($"--reset-data: there is no data folder yet ({Root}); nothing to delete.");
            return;
        }

        DataDirectoryLock inUse;
        try
        {
            inUse = DataDirectoryLock.Acquire(For("postgres"));
        }
        catch (InvalidOperationException)
        {
            throw new AppHostSetupException($"--reset-data: the data folder {Root} is in use by another running Everruns; stop it first.");
        }

        using (inUse)
        {
            say($"Deleting the data folder {Root} (--reset-data).");
            Directory.Delete(Root, recursive: true);
        }
    }
}
