extern alias AppHost;

using AppHost::Everruns.AppHost;
using Everruns.Hosting.Postgres;

namespace Everruns.Tests.AppHost;

public sealed class DataFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Directory.CreateTempSubdirectory("everruns-data-").FullName, "data");

    [Fact]
    public void Reset_deletes_the_data_folder_and_says_so()
    {
        Directory.CreateDirectory(Path.Combine(_root, "postgres"));
        File.WriteAllText(Path.Combine(_root, "postgres", "PG_VERSION"), "18");
        Directory.CreateDirectory(Path.Combine(_root, "temporal"));
        var said = new List<string>();

        DataFolder.Reset(_root, said.Add);

        Assert.False(Directory.Exists(_root));
        Assert.Equal([$"Deleting the data folder {_root} (--reset-data)."], said);
    }

    [Fact]
    public void Reset_leaves_data_in_use_alone()
    {
        Directory.CreateDirectory(Path.Combine(_root, "postgres"));
        using var running = DataDirectoryLock.Acquire(Path.Combine(_root, "postgres"));

        var refused = Assert.Throws<AppHostSetupException>(() => DataFolder.Reset(_root, _ => { }));

        Assert.Contains("is in use by another running Everruns; stop it first", refused.Message);
        Assert.True(Directory.Exists(Path.Combine(_root, "postgres")));
    }

    [Fact]
    public void Reset_without_data_says_there_is_nothing_to_delete()
    {
        var said = new List<string>();

        DataFolder.Reset(_root, said.Add);

        Assert.Contains("nothing to delete", Assert.Single(said));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);
}
