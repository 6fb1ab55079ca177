using System.Net;
using System.Net.Http.Headers;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

/// <summary>
/// Revoking a key closes its open event streams: at once on the API instance that revoked it, and on the others as
/// soon as they hear of it (within the documented 30 s; in practice a database notification away).
/// </summary>
public sealed class RevokedKeyStreamTests(ApiFixture api) : IAsyncLifetime
{
    private const string Bootstrap = "bootstrap-key-for-streams-0123456789";
    private static readonly TimeSpan RunLength = TimeSpan.FromSeconds(40);

    private readonly Dictionary<string, string?> settings = new(ApiFixture.Settings)
    {
        ["Auth:Mode"] = "ApiKey",
        ["Auth:BootstrapKey"] = Bootstrap,
    };

    private OwnApi own = null!;

    public async ValueTask InitializeAsync() => own = await OwnApi.StartAsync(api.Postgres, "everruns_revoked_streams", settings);

    public ValueTask DisposeAsync() => own.DisposeAsync();

    [Fact]
    public async Task The_revoking_instance_closes_the_keys_streams_at_once()
    {
        var (keyId, client) = await NewMemberAsync(own.Factory);

        await AssertStreamClosesOnRevocationAsync(client, keyId, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Another_instance_closes_the_keys_streams_when_it_hears_of_the_revocation()
    {
        await using var other = new ApiFactory(own.ConnectionString, settings);
        var (keyId, client) = await NewMemberAsync(other);

        await AssertStreamClosesOnRevocationAsync(client, keyId, TimeSpan.FromSeconds(10));
    }

    private async Task AssertStreamClosesOnRevocationAsync(HttpClient client, string keyId, TimeSpan within)
    {
        var agent = await client.CreateAgentAsync();
        var (_, run) = await client.AskAsync(agent, $"Take your time [delay:{(int)RunLength.TotalMilliseconds}]");
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{run.Id()}/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync();
        var closed = DrainAsync(stream);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(closed.IsCompleted, "The stream ended before the key was revoked.");

        Assert.Equal(HttpStatusCode.OK, (await WithKey(own.Factory, Bootstrap).DeleteAsync($"/v1/api-keys/{keyId}")).StatusCode);

        var finished = await Task.WhenAny(closed, Task.Delay(within, TestContext.Current.CancellationToken));
        Assert.True(finished == closed, $"The revoked key's stream was still open {within.TotalSeconds} s after the revocation.");
        await WithKey(own.Factory, Bootstrap).PostAsync($"/v1/runs/{run.Id()}/cancel", null);
    }

    /// <summary>Reads the stream until it ends, however it ends.</summary>
    private static async Task DrainAsync(Stream stream)
    {
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
        }
    }

    private static async Task<(string KeyId, HttpClient Client)> NewMemberAsync(ApiFactory factory)
    {
        var created = await WithKey(factory, Bootstrap).PostJsonAsync("/v1/api-keys", new { name = "streamer" }, HttpStatusCode.Created);
        return (created.Id(), WithKey(factory, created["key"]!.GetValue<string>()));
    }

    private static HttpClient WithKey(ApiFactory factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
