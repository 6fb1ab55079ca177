using Everruns.AppHost.Hosting;

namespace Everruns.AppHost.Node;

/// <summary>Where the web UI is, if it is to run: <c>ui/</c> of the checkout, unless --no-ui or it is not there.</summary>
internal static class UiApp
{
    public const string Folder = "ui";

    public static string? Find(string repositoryRoot, AppHostSettings settings, Action<string> info, Action<string> notice)
    {
        if (!settings.UiEnabled)
        {
            info("ui is skipped (--no-ui).");
            return null;
        }

        var ui = Path.Combine(repositoryRoot, Folder);
        if (!File.Exists(Path.Combine(ui, "package.json")))
        {
            notice("ui is skipped: this checkout has no ui/package.json (the web UI is not in it yet).");
            return null;
        }

        return ui;
    }
}
