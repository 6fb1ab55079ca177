using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everruns.Tests.Infrastructure;

/// <summary>Speaks the API's JSON as a client would: raw JSON nodes, snake_case names.</summary>
public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Body(object value) => Body(JsonSerializer.Serialize(value));

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("The response body was JSON null.");
    }

    public static async Task<JsonNode> PostJsonAsync(this HttpClient client, string url, object body, System.Net.HttpStatusCode expected)
    {
        var response = await client.PostAsync(url, Body(body));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"POST {url}: expected {(int)expected}, got {(int)response.StatusCode}: {json}");
        return JsonNode.Parse(json)!;
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode}: {json}");
        return JsonNode.Parse(json)!;
    }

    public static JsonContent Content(object value) => JsonContent.Create(value);
}
