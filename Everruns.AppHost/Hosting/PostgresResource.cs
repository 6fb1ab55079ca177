namespace Everruns.AppHost.Hosting;

/// <summary>The PostgreSQL server of the application database, however it is provided.</summary>
internal abstract class PostgresResource(string name, string databaseName) : Resource(name), IResourceWithConnectionString
{
    public string ConnectionName => databaseName;

    public abstract string? ConnectionString { get; }
}
