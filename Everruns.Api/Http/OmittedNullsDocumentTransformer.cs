using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Everruns.Api.Http;

/// <summary>
/// The API leaves out a field whose value is null rather than writing <c>null</c>, so a property that may be null
/// is not required in the document: clients (the UI's generated types among them) then read it as optional, as it is.
/// Runs on the finished document, once nullable references have been written as <c>oneOf</c> with null.
/// </summary>
public sealed class OmittedNullsDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
            {
                foreach (var (name, property) in properties)
                {
                    if (MayBeNull(property))
                    {
                        required.Remove(name);
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    private static bool MayBeNull(IOpenApiSchema property) =>
        property.Type?.HasFlag(JsonSchemaType.Null) == true || property.OneOf?.Any(MayBeNull) == true;
}
