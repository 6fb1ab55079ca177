using System.Reflection;

namespace Everruns.Bench;

/// <summary>The API's build output, built with the benchmark (in its configuration) by the project reference.</summary>
internal static class ApiBuild
{
    public static string AssemblyPath
    {
        get
        {
            var configuration = typeof(ApiBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "BuildConfiguration").Value!;
            var path = Path.Combine(RepositoryRoot, "Everruns.Api", "bin", configuration, "net10.0", "Everruns.Api.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The API is not built ({path} is missing): run `dotnet build Everruns.Api -c {configuration}`.", path);
        }
    }

    /// <summary>The <c>dotnet</c> executable that runs us, so that the API runs on the same runtime.</summary>
    public static string DotNetHost
    {
        get
        {
            // Set by the dotnet CLI for the processes of `dotnet run` and `dotnet test`.
            var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
            {
                return fromCli;
            }

            var self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }

    private static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Everruns.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"The benchmark runs from a checkout, but no Everruns.sln was found above {AppContext.BaseDirectory}.");
        }
    }
}
