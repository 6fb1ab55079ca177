using Npgsql;

namespace Everruns.AppHost.Hosting;

internal static class ConnectionStrings
{
    /// <summary>The connection string with its password removed, fit to print.</summary>
    public static string WithoutSecrets(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Remove("Password");
        return builder.ConnectionString;
    }
}
