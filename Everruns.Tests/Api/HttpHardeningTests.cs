using System.Net;
using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

/// <summary>
/// What every answer of the real server (Kestrel, over TCP) carries, and which host names it answers with
/// authentication off (the default): loopback names and what <c>AllowedHosts</c> adds, so that a web page cannot
/// reach it by DNS rebinding.
/// </summary>
public sealed class HttpHardeningTests(HttpHardeningTests.RealServer server) : IClassFixture<HttpHardeningTests.RealServer>
{
    private readonly HttpClient client = server.Client;

    /// <summary>One API process for the class, with authentication off and two extra allowed hosts.</summary>
    public sealed class RealServer(ApiFixture api) : IAsyncLifetime
    {
        private string database = "";
        private ApiProcess process = null!;

        public HttpClient Client { get; private set; } = null!;

        public int Port => process.Address.Port;

        public async ValueTask InitializeAsync()
        {
            database = await api.Postgres.CreateDatabaseAsync("everruns_hardening");
            process = await ApiProcess.StartAsync(database, FreePort.Find(), new Dictionary<string, string>
            {
                ["AllowedHosts"] = "api.example.com;*.corp.example",
            });
            Client = new HttpClient { BaseAddress = process.Address };
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await process.DisposeAsync();
            await api.Postgres.DropDatabaseAsync(database);
        }
    }

    [Theory]
    [InlineData("/v1/agents")]
    [InlineData("/v1/agents/not-a-uuid")]
    [InlineData("/v1/nothing-here")]
    [InlineData("/health")]
    [InlineData("/scalar")]
    public async Task Answers_say_nosniff_forbid_framing_and_do_not_name_the_server(string url)
    {
        using var response = await client.GetAsync(url);

        Assert.Empty(response.Headers.Server);
        Assert.False(response.Headers.Contains("Server"));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    [InlineData("127.3.2.1")]
    [InlineData("[::1]")]
    [InlineData("api.example.com")]
    [InlineData("eu.corp.example")]
    public async Task Loopback_names_and_the_allowed_hosts_are_answered(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/agents");
        request.Headers.Host = $"{host}:{server.Port}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("10.0.0.7")]
    [InlineData("example.com")]
    public async Task Other_host_names_are_refused_with_authentication_off(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/agents");
        request.Headers.Host = host;

        using var response = await client.SendAsync(request);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("AllowedHosts", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
