using Everruns.Hosting.Postgres;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL 18 server run from the npm-packaged binaries (<c>@embedded-postgres/&lt;platform&gt;-&lt;arch&gt;</c>) as a
/// process, its data kept in a folder between runs. Superuser <c>postgres</c>, trust authentication, on 127.0.0.1 only.
/// </summary>
public sealed class EmbeddedPostgresServerResource(string name, string command, string workingDirectory, EmbeddedPostgresOptions options)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    private readonly Dictionary<string, string> _databases = new(StringComparer.OrdinalIgnoreCase);

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    /// <summary>Connects to the server as the superuser; a database resource adds its database.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.IPV4Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={EmbeddedPostgresSetup.Superuser}");

    /// <summary>The databases created once the server is ready, by resource name.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    internal EmbeddedPostgresOptions Options { get; } = options;

    internal void AddDatabase(string resourceName, string databaseName) => _databases.TryAdd(resourceName, databaseName);
}
