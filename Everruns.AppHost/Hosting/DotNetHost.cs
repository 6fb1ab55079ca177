namespace Everruns.AppHost.Hosting;

internal static class DotNetHost
{
    /// <summary>The <c>dotnet</c> executable that runs us, so that projects run on the same runtime.</summary>
    public static string Path
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
            return self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }
}
