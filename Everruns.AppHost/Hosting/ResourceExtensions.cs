namespace Everruns.AppHost.Hosting;

/// <summary>The Aspire-style wiring verbs, kept generic so that a chain keeps the resource's own type.</summary>
internal static class ResourceExtensions
{
    /// <summary>Starts <paramref name="resource"/> only once <paramref name="dependency"/> is ready (healthy).</summary>
    public static T WaitFor<T>(this T resource, Resource dependency)
        where T : Resource
    {
        resource.AddWaitFor(dependency);
        return resource;
    }

    /// <summary>Passes the dependency's connection string as <c>ConnectionStrings__&lt;name&gt;</c>.</summary>
    public static T WithReference<T>(this T resource, IResourceWithConnectionString dependency)
        where T : ExecutableResource
    {
        resource.WithEnvironment(
            $"ConnectionStrings__{dependency.ConnectionName}",
            () => dependency.ConnectionString
                ?? throw new InvalidOperationException($"{dependency.ConnectionName} has no connection string yet."));
        return resource;
    }
}
