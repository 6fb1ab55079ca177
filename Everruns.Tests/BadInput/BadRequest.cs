namespace Everruns.Tests.BadInput;

/// <summary>
/// One generated request. <see cref="Endpoint"/> names the route (e.g. <c>POST /v1/agents/{id}</c>) for the tallies;
/// <see cref="What"/> says what is wrong with it.
/// </summary>
public sealed record BadRequest(
    string Endpoint,
    string What,
    HttpMethod Method,
    string Url,
    byte[]? Body = null,
    string? ContentType = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public static BadRequest WithBody(string endpoint, HttpMethod method, string url, BodyMutation mutation) =>
        new(endpoint, mutation.What, method, url, mutation.Body, mutation.ContentType);

    public HttpRequestMessage ToHttpRequest()
    {
        var request = new HttpRequestMessage(Method, Url);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public override string ToString() => $"{Endpoint} [{What}] {Method} {Shorten(Url)}";

    private static string Shorten(string text) => text.Length <= 200 ? text : $"{text[..200]}… ({text.Length} characters)";
}
