using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

/// <summary>
/// The web UI's REST types are generated from the API's OpenAPI document, kept in ui/openapi/v1.json. This test
/// fails when the API's document has changed and the file has not; <c>scripts/generate-api-types.sh</c> writes
/// the file (this test, with EVERRUNS_WRITE_OPENAPI=1) and generates the types from it. The UI's check
/// (<c>npm run check:api-types</c>) fails when the types are older than the file.
/// </summary>
public sealed class OpenApiDocumentFileTests(ApiFixture api)
{
    public static readonly string DocumentFile = Path.Combine(Repository.Root, "ui", "openapi", "v1.json");

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public async Task The_ui_has_the_current_openapi_document()
    {
        var document = await api.CreateClient().GetJsonAsync("/openapi/v1.json");
        // Where the API happens to listen is not part of its contract.
        document.AsObject().Remove("servers");
        var current = document.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

        if (Environment.GetEnvironmentVariable("EVERRUNS_WRITE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DocumentFile)!);
            await File.WriteAllTextAsync(DocumentFile, current, TestContext.Current.CancellationToken);
            return;
        }

        Assert.True(File.Exists(DocumentFile), $"{DocumentFile} is missing: run scripts/generate-api-types.sh");
        var kept = JsonNode.Parse(await File.ReadAllTextAsync(DocumentFile, TestContext.Current.CancellationToken));
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(current), kept),
            "The API's OpenAPI document changed: run scripts/generate-api-types.sh to update ui/openapi/v1.json and the UI's types.");
    }
}
