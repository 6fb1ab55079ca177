using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everruns.Tests.BadInput;

/// <summary>A valid request body, and that body with one of its fields replaced by raw bytes, left out or given twice.</summary>
public sealed class SeedBody(JsonObject seed)
{
    private const string Placeholder = "@@hostile-value@@";

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[] QuotedPlaceholder = Encoding.UTF8.GetBytes($"\"{Placeholder}\"");

    public byte[] Bytes { get; } = Encoding.UTF8.GetBytes(seed.ToJsonString(Options));

    /// <summary>Every property and array element, at every depth.</summary>
    public IEnumerable<FieldPath> Fields() => FieldsUnder(seed, FieldPath.Root);

    /// <summary>The root object and every object inside it.</summary>
    public IEnumerable<FieldPath> Objects() =>
        new[] { FieldPath.Root }.Concat(Fields().Where(field => Find(seed, field) is JsonObject));

    public byte[] With(FieldPath field, byte[] raw) => Replace(field, raw);

    /// <summary>The field's valid value, as JSON.</summary>
    public byte[] Raw(FieldPath field) => Encoding.UTF8.GetBytes(Find(seed, field)?.ToJsonString(Options) ?? "null");

    public byte[] WithDuplicate(FieldPath field, byte[] second)
    {
        var original = Raw(field);
        var key = Encoding.UTF8.GetBytes($",{JsonSerializer.Serialize(field.Name, Options)}:");
        return Replace(field, [.. original, .. key, .. second]);
    }

    public byte[] Without(FieldPath field)
    {
        var copy = seed.DeepClone();
        var parent = Find(copy, field.Parent)!;
        if (field.Last is string name)
        {
            parent.AsObject().Remove(name);
        }
        else
        {
            parent.AsArray().RemoveAt((int)field.Last!);
        }

        return Encoding.UTF8.GetBytes(copy.ToJsonString(Options));
    }

    public byte[] WithExtraProperty(FieldPath objectPath, string name, byte[] raw)
    {
        var copy = seed.DeepClone();
        Find(copy, objectPath)!.AsObject()[name] = Placeholder;
        return Splice(copy, raw);
    }

    private byte[] Replace(FieldPath field, byte[] raw)
    {
        var copy = seed.DeepClone();
        var parent = Find(copy, field.Parent)!;
        if (field.Last is string name)
        {
            parent.AsObject()[name] = Placeholder;
        }
        else
        {
            parent.AsArray()[(int)field.Last!] = Placeholder;
        }

        return Splice(copy, raw);
    }

    private static byte[] Splice(JsonNode withPlaceholder, byte[] raw)
    {
        var bytes = Encoding.UTF8.GetBytes(withPlaceholder.ToJsonString(Options)).AsSpan();
        var at = bytes.IndexOf(QuotedPlaceholder);
        return [.. bytes[..at], .. raw, .. bytes[(at + QuotedPlaceholder.Length)..]];
    }

    private static JsonNode? Find(JsonNode root, FieldPath path)
    {
        var node = root;
        foreach (var segment in path.Segments)
        {
            node = segment is string name ? node![name] : node![(int)segment];
        }

        return node;
    }

    private static IEnumerable<FieldPath> FieldsUnder(JsonNode? node, FieldPath path)
    {
        var children = node switch
        {
            JsonObject obj => obj.Select(property => (path.Then(property.Key), property.Value)),
            JsonArray array => array.Select((item, index) => (path.Then(index), item)),
            _ => [],
        };
        foreach (var (childPath, child) in children.ToList())
        {
            yield return childPath;
            foreach (var nested in FieldsUnder(child, childPath))
            {
                yield return nested;
            }
        }
    }
}
