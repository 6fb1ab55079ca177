using Everruns.AppHost.Hosting;
using Everruns.AppHost.Node;

namespace Everruns.Tests.AppHost;

public sealed class UiAppTests : IDisposable
{
    private readonly string _checkout = Directory.CreateTempSubdirectory("everruns-checkout-").FullName;
    private readonly List<string> _info = [];
    private readonly List<string> _notices = [];

    [Fact]
    public void A_checkout_without_the_ui_skips_it_with_one_clear_line()
    {
        Assert.Null(UiApp.Find(_checkout, new AppHostSettings(), _info.Add, _notices.Add));

        Assert.Equal(["ui is skipped: this checkout has no ui/package.json (the web UI is not in it yet)."], _notices);
    }

    [Fact]
    public void No_ui_skips_it_even_when_it_is_there()
    {
        Directory.CreateDirectory(Path.Combine(_checkout, "ui"));
        File.WriteAllText(Path.Combine(_checkout, "ui", "package.json"), "{}");

        Assert.Null(UiApp.Find(_checkout, new AppHostSettings { UiEnabled = false }, _info.Add, _notices.Add));
        Assert.Equal(["ui is skipped (--no-ui)."], _info);
        Assert.Equal(Path.Combine(_checkout, "ui"), UiApp.Find(_checkout, new AppHostSettings(), _info.Add, _notices.Add));
    }

    public void Dispose() => Directory.Delete(_checkout, recursive: true);
}
