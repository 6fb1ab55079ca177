namespace Everruns.AppHost.Hosting;

/// <summary>The Aspire-style wiring verbs, kept generic so that a chain keeps the resource's own type.</summary>
internal static class ResourceExtensions
{
    /// <summary>Starts <paramref name="resource"/> only once <paramref name="dependency"/> is healthy.</summary>
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

    /// <summary>Passes the service's HTTP endpoint as <c>services__&lt;name&gt;__http__0</c>, Aspire's service discovery key.</summary>
    public static T WithReference<T>(this T resource, ExecutableResource service)
        where T : ExecutableResource
    {
        resource.WithEnvironment(
            $"services__{service.Name}__http__0",
            () => service.Endpoint ?? throw new InvalidOperationException($"{service.Name} has no endpoint."));
        return resource;
    }

    /// <summary>
    /// Names the service for telemetry and, when there is somewhere to send it, exports traces, metrics and logs
    /// over OTLP: the variables an Aspire AppHost sets.
    /// </summary>
    public static T WithOtlpExporter<T>(this T resource, string? endpoint)
        where T : ExecutableResource
    {
        resource.WithEnvironment("OTEL_SERVICE_NAME", resource.Name);
        resource.WithEnvironment("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={Guid.NewGuid()}");
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            resource.WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        }

        return resource;
    }
}
