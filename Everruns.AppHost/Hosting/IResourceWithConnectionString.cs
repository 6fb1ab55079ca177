namespace Everruns.AppHost.Hosting;

/// <summary>A resource that others reach with a connection string, named as in <c>ConnectionStrings:&lt;name&gt;</c>.</summary>
internal interface IResourceWithConnectionString
{
    string ConnectionName { get; }

    /// <summary>Known once the resource has started.</summary>
    string? ConnectionString { get; }
}
