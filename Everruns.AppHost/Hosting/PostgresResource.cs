using Everruns.AppHost.Health;

namespace Everruns.AppHost.Hosting;

/// <summary>The PostgreSQL server of the application database, however it is provided; healthy once it accepts connections.</summary>
internal abstract class PostgresResource : Resource, IResourceWithConnectionString
{
    protected PostgresResource(string name, string databaseName)
        : base(name)
    {
        ConnectionName = databaseName;
        HealthProbe = new PostgresHealthProbe(() => ConnectionString);
    }

    public string ConnectionName { get; }

    public abstract string? ConnectionString { get; }

    public override IHealthProbe HealthProbe { get; }
}
