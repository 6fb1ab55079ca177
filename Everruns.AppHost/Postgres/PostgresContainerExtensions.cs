using Aspire.Hosting.ApplicationModel;
using Everruns.AppHost;

namespace Aspire.Hosting;

/// <summary>Aspire's PostgreSQL container, for machines with a container engine.</summary>
internal static class PostgresContainerExtensions
{
    /// <summary>PostgreSQL 18 in a container, its data in the volume <c>everruns-postgres-18</c>.</summary>
    /// <exception cref="AppHostSetupException">No container engine answers.</exception>
    public static async Task<IResourceBuilder<PostgresServerResource>> AddPostgresContainerAsync(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, int? port)
    {
        await ContainerEngine.EnsureRunningAsync("--postgres container (Postgres:Server=container)");

        // PostgreSQL 18 images keep their data under /var/lib/postgresql/18, so the volume goes one level up.
        return builder.AddPostgres(name, port: port)
            .WithImageTag("18")
            .WithVolume("everruns-postgres-18", "/var/lib/postgresql");
    }
}
