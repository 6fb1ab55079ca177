namespace Everruns.Tests.BadInput;

/// <summary>Where a value sits in a JSON body: property names and array indexes from the root, e.g. <c>definition.tools[0].name</c>.</summary>
public sealed record FieldPath(IReadOnlyList<object> Segments)
{
    public static FieldPath Root { get; } = new([]);

    public object? Last => Segments.Count == 0 ? null : Segments[^1];

    /// <summary>The property name, or the name of the array the element is in.</summary>
    public string Name => Segments.OfType<string>().LastOrDefault() ?? "$";

    public bool IsProperty => Last is string;

    public FieldPath Parent => new([.. Segments.Take(Segments.Count - 1)]);

    public FieldPath Then(object segment) => new([.. Segments, segment]);

    public override string ToString()
    {
        if (Segments.Count == 0)
        {
            return "$";
        }

        var text = new System.Text.StringBuilder();
        foreach (var segment in Segments)
        {
            text.Append(segment is int index ? $"[{index}]" : (text.Length == 0 ? "" : ".") + segment);
        }

        return text.ToString();
    }
}
