using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

public sealed class HealthTests(ApiFixture api)
{
    [Fact]
    public async Task Health_reports_status_version_and_runner_mode()
    {
        var client = api.CreateClient();

        var health = await client.GetJsonAsync("/health");

        Assert.Equal("healthy", health["status"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+", health["version"]!.GetValue<string>());
        Assert.Equal("inprocess", health["runner_mode"]!.GetValue<string>());
        Assert.Equal("healthy", health["checks"]!["PostgreSql"]!.GetValue<string>());
    }

    [Fact]
    public async Task Alive_answers_in_production_too()
    {
        var response = await api.CreateClient().GetAsync("/alive");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_details_404()
    {
        var response = await api.CreateClient().GetAsync("/v1/nothing-here");

        await Problem.AssertAsync(response, System.Net.HttpStatusCode.NotFound);
    }
}
