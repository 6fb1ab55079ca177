extern alias AppHost;

using AppHost::Everruns.AppHost.Ui;

namespace Everruns.Tests.AppHost;

public sealed class NodeAppFreshnessTests : IDisposable
{
    private static readonly DateTime Earlier = DateTime.UtcNow.AddHours(-2);
    private static readonly DateTime Later = DateTime.UtcNow.AddHours(-1);

    private readonly string _app = Directory.CreateTempSubdirectory("everruns-ui-freshness-").FullName;

    public NodeAppFreshnessTests()
    {
        Write("package.json", Earlier);
        Write("package-lock.json", Earlier);
        Write("next.config.ts", Earlier);
        Write(Path.Combine("src", "app", "page.tsx"), Earlier);
    }

    private NodeAppFreshness Freshness => new(_app);

    [Fact]
    public void A_fresh_checkout_needs_an_install_and_a_build()
    {
        Assert.True(Freshness.NeedsInstall);
        Assert.True(Freshness.NeedsBuild);
    }

    [Fact]
    public void After_an_install_and_a_build_nothing_is_needed()
    {
        Write(Path.Combine("node_modules", ".package-lock.json"), Later);
        Write(Path.Combine(".next", "BUILD_ID"), Later);

        Assert.False(Freshness.NeedsInstall);
        Assert.False(Freshness.NeedsBuild);
    }

    [Fact]
    public void A_newer_lock_file_needs_an_install_and_a_build()
    {
        Write(Path.Combine("node_modules", ".package-lock.json"), Earlier);
        Write(Path.Combine(".next", "BUILD_ID"), Earlier.AddMinutes(1));
        Write("package-lock.json", Later);

        Assert.True(Freshness.NeedsInstall);
        Assert.True(Freshness.NeedsBuild);
    }

    [Theory]
    [InlineData("src/components/Button.tsx")]
    [InlineData("app/page.tsx")]
    [InlineData("lib/api.ts")]
    [InlineData("next.config.mjs")]
    public void A_source_newer_than_the_build_needs_a_build(string source)
    {
        Write(Path.Combine(".next", "BUILD_ID"), Earlier.AddMinutes(1));
        Write(source, Later);

        Assert.True(Freshness.NeedsBuild);
    }

    [Fact]
    public void Files_outside_the_sources_do_not_cause_a_build()
    {
        Write(Path.Combine(".next", "BUILD_ID"), Earlier.AddMinutes(1));
        Write("README.md", Later);
        Write(Path.Combine("e2e", "ui.test.mjs"), Later);

        Assert.False(Freshness.NeedsBuild);
    }

    public void Dispose() => Directory.Delete(_app, recursive: true);

    private void Write(string relativePath, DateTime modified)
    {
        var path = Path.Combine(_app, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, modified);
    }
}
