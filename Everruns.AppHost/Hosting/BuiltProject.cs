using System.Reflection;

namespace Everruns.AppHost.Hosting;

/// <summary>
/// A project of this repository and the assembly its build produced, in the configuration (Debug, Release) the
/// AppHost itself was built in; the AppHost's project references build them first.
/// </summary>
internal sealed record BuiltProject(string ProjectDirectory, string AssemblyPath)
{
    private const string SolutionFile = "Everruns.sln";
    private const string TargetFramework = "net10.0";

    public static BuiltProject Api => Find("Everruns.Api");

    /// <summary>The Temporal worker host.</summary>
    /// <exception cref="SetupException">The build of Everruns.Worker is a library, not a program.</exception>
    public static BuiltProject Worker
    {
        get
        {
            var worker = Find("Everruns.Worker");
            return worker.IsExecutable
                ? worker
                : throw new SetupException(
                    "Temporal mode runs Everruns.Worker as a process of its own, but this build of it is a library (there is no "
                    + "Everruns.Worker.runtimeconfig.json beside its dll): it needs the worker host, an executable with "
                    + "Everruns.Worker.WorkerProgram as its entry point.");
        }
    }

    /// <summary>Whether the assembly is a program <c>dotnet</c> can run (it has a runtimeconfig.json), not a library.</summary>
    public bool IsExecutable => File.Exists(Path.ChangeExtension(AssemblyPath, ".runtimeconfig.json"));

    public static string BuildConfiguration =>
        typeof(BuiltProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "BuildConfiguration")?.Value
        ?? "Debug";

    public static BuiltProject Find(string projectName)
    {
        var projectDirectory = Path.Combine(RepositoryRoot, projectName);
        var assembly = Path.Combine(projectDirectory, "bin", BuildConfiguration, TargetFramework, projectName + ".dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException(
                $"{projectName} is not built ({assembly} is missing): run `dotnet build {projectName} -c {BuildConfiguration}`.", assembly);
        }

        return new BuiltProject(projectDirectory, assembly);
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException(
                $"The AppHost runs the services from a source checkout, but no {SolutionFile} was found above {AppContext.BaseDirectory}.");
        }
    }
}
