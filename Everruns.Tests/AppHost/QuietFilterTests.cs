using Everruns.AppHost.Output;

namespace Everruns.Tests.AppHost;

public sealed class QuietFilterTests
{
    [Theory]
    [InlineData("warn: Everruns.Api[0]")]
    [InlineData("fail: Microsoft.Extensions.Hosting.Internal.Host[9]")]
    [InlineData("crit: Microsoft.Extensions.Hosting.Internal.Host[10]")]
    [InlineData("2026-01-01 10:00:00.000 UTC [42] ERROR:  relation \"x\" does not exist")]
    [InlineData("2026-01-01 10:00:00.000 UTC [42] FATAL:  the database system is starting up")]
    [InlineData("npm error code ERESOLVE")]
    [InlineData("npm warn deprecated glob@7.2.3")]
    [InlineData("time=2026-01-01T10:00:00Z level=WARN msg=\"slow\"")]
    [InlineData("{\"level\":\"error\",\"msg\":\"boom\"}")]
    [InlineData(" ⚠ Compiled with warnings")]
    [InlineData(" ⨯ Error: Cannot find module 'x'")]
    [InlineData("Unhandled exception. System.InvalidOperationException: nope")]
    public void Warnings_and_errors_are_kept(string line) => Assert.True(QuietFilter.IsWarningOrError(line));

    [Theory]
    [InlineData("info: Microsoft.Hosting.Lifetime[14]")]
    [InlineData("2026-01-01 10:00:00.000 UTC [42] LOG:  database system is ready to accept connections")]
    [InlineData("added 339 packages in 2m")]
    [InlineData(" ✓ Ready in 833ms")]
    [InlineData("creating subdirectories ... ok")]
    public void Everything_else_is_left_out(string line) => Assert.False(QuietFilter.IsWarningOrError(line));

    [Fact]
    public void The_indented_lines_of_a_kept_entry_are_kept_with_it()
    {
        var filter = new QuietFilter();

        Assert.True(filter.Keep("api", "fail: Everruns.Api[0]"));
        Assert.True(filter.Keep("api", "      Something broke"));
        Assert.True(filter.Keep("api", "         at Everruns.Api.Program.Main()"));
        Assert.False(filter.Keep("api", "info: Everruns.Api[0]"));
        Assert.False(filter.Keep("api", "      Request finished"));
    }
}
