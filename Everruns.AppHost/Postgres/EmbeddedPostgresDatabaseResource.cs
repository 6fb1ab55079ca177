namespace Aspire.Hosting.ApplicationModel;

/// <summary>A database on an <see cref="EmbeddedPostgresServerResource"/>, created when the server is first ready.</summary>
public sealed class EmbeddedPostgresDatabaseResource(string name, string databaseName, EmbeddedPostgresServerResource parent)
    : Resource(name), IResourceWithParent<EmbeddedPostgresServerResource>, IResourceWithConnectionString
{
    public EmbeddedPostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");

    /// <summary>Set once the database exists, so that its health check never asks for a database that is not there yet.</summary>
    internal bool Created { get; set; }
}
