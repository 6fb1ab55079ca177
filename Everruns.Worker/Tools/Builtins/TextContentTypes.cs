using System.Net.Http.Headers;
using System.Text;

namespace Everruns.Worker.Tools;

/// <summary>The content types <c>http_fetch</c> returns: text that a model can read.</summary>
public static class TextContentTypes
{
    private static readonly HashSet<string> Application = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/json", "application/xml", "application/javascript", "application/ecmascript",
        "application/x-ndjson", "application/yaml", "application/x-yaml", "application/toml",
        "application/x-www-form-urlencoded", "application/graphql",
    };

    public static bool IsText(string? mediaType) =>
        mediaType is not null
        && (mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || Application.Contains(mediaType)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && (mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase))));

    /// <summary>The encoding the content type names, UTF-8 when it names none or one this runtime lacks.</summary>
    public static Encoding EncodingOf(MediaTypeHeaderValue? contentType)
    {
        var charset = contentType?.CharSet?.Trim('"', ' ');
        if (string.IsNullOrEmpty(charset))
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
