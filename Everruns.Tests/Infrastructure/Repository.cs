namespace Everruns.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The folder of the checkout the tests were built from.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Everruns.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests run from a checkout: no Everruns.sln above " + AppContext.BaseDirectory);
    }
}
