using System.Globalization;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Hosting;

/// <summary>
/// A .NET project of this repository, run from its build output with the environment an Aspire AppHost would
/// give it, so that the service runs unchanged under either.
/// </summary>
internal sealed class ProjectResource : ExecutableResource
{
    public ProjectResource(string name, BuiltProject project)
        : base(name, new ProcessCommand(DotNetHost.Path, [project.AssemblyPath]) { WorkingDirectory = project.ProjectDirectory })
    {
        WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development");
        WithEnvironment("DOTNET_ENVIRONMENT", "Development");
    }

    public override ExecutableResource WithHttpEndpoint(int port, string option)
    {
        base.WithHttpEndpoint(port, option);
        WithEnvironment("ASPNETCORE_URLS", string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}"));
        return this;
    }
}
