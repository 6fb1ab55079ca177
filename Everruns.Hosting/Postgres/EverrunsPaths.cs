using Everruns.Hosting.Processes;

namespace Everruns.Hosting.Postgres;

/// <summary>
/// The one home folder of a local Everruns installation: downloaded binaries under <c>cache/</c>,
/// databases under <c>data/</c>.
/// </summary>
public static class EverrunsPaths
{
    public const string HomeVariable = "EVERRUNS_HOME";

    /// <summary>
    /// <c>EVERRUNS_HOME</c> if set; else <c>/var/lib/everruns</c> when running as root, because PostgreSQL then runs
    /// as a dedicated system user who must read the binaries and own the data (root's home is closed to it);
    /// else <c>~/.everruns</c>.
    /// </summary>
    public static string Home
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(HomeVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return Path.GetFullPath(configured);
            }

            return Posix.IsRoot
                ? "/var/lib/everruns"
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".everruns");
        }
    }

    public static string Cache => Path.Combine(Home, "cache");

    /// <summary>The folder of all data sets, which <c>--reset-data</c> deletes.</summary>
    public static string DataRoot => Path.Combine(Home, "data");

    /// <summary>The folder of one named data set, e.g. <c>Data("postgres")</c>.</summary>
    public static string Data(string name) => Path.Combine(DataRoot, name);
}
