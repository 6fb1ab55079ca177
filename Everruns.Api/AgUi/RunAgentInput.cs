using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Everruns.Api.AgUi;

/// <summary>The body of <c>POST /v1/ag-ui</c>: an AG-UI 1.0 <c>RunAgentInput</c>. Fields it does not know are ignored.</summary>
public sealed record RunAgentInput(
    string ThreadId,
    string RunId,
    IReadOnlyList<JsonElement> Messages,
    IReadOnlyList<AgUiToolInput>? Tools = null,
    IReadOnlyList<AgUiContextInput>? Context = null,
    JsonElement? State = null,
    JsonElement? ForwardedProps = null,
    IReadOnlyList<AgUiResumeEntry>? Resume = null,
    string? ParentRunId = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,

        // The rules of the /v1 bodies (HttpExtensions): a key given twice is refused, and so is what RequestJsonRules refuses.
        AllowDuplicateProperties = false,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { Http.RequestJsonRules.Apply } },
    };
}

public sealed record AgUiToolInput(string Name, string? Description = null, JsonElement? Parameters = null);

public sealed record AgUiContextInput(string Description, string Value);

/// <summary>An answer to an interrupt of the previous turn: <c>resolved</c> (with a payload) or <c>cancelled</c>.</summary>
public sealed record AgUiResumeEntry(string InterruptId, string Status, JsonElement? Payload = null);
