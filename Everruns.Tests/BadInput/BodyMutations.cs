using System.Text;

namespace Everruns.Tests.BadInput;

/// <summary>
/// Malformed bodies made from a valid one: truncated at every byte, every field replaced by every hostile value,
/// fields left out or given twice, unknown fields, documents that are not the expected object, random corruptions
/// (from the seeded <see cref="Random"/>), and the valid body under wrong content types.
/// </summary>
public static class BodyMutations
{
    public const int RandomCorruptions = 120;

    private static readonly string?[] WrongContentTypes =
    [
        null,
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/octet-stream",
        "application/json; charset=utf-16",
        "application/json; charset=nonsense",
        "application/jsonx",
        "json",
        "*/*",
        "",
    ];

    private static readonly string[] Tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "null", "1e999", "\\u0000", "/*", "\u00ff"];

    public static IEnumerable<BodyMutation> Of(SeedBody seed, Random random)
    {
        var valid = seed.Bytes;
        for (var length = 0; length < valid.Length; length++)
        {
            yield return new($"truncated to {length} bytes", valid[..length]);
        }

        foreach (var (what, body) in WrongDocuments(valid, random))
        {
            yield return new(what, body);
        }

        foreach (var field in seed.Fields())
        {
            foreach (var (name, json) in HostileValues.All())
            {
                yield return new($"{field} = {name}", seed.With(field, json));
            }

            if (field.IsProperty)
            {
                yield return new($"without {field}", seed.Without(field));
                yield return new($"{field} twice, same value", seed.WithDuplicate(field, seed.Raw(field)));
                yield return new($"{field} twice, then a number", seed.WithDuplicate(field, "42"u8.ToArray()));
            }
        }

        foreach (var obj in seed.Objects())
        {
            yield return new($"unknown field in {obj}", seed.WithExtraProperty(obj, "colour", "\"blue\""u8.ToArray()));
            yield return new($"__proto__ in {obj}", seed.WithExtraProperty(obj, "__proto__", "{\"admin\": true}"u8.ToArray()));
            yield return new($"empty key in {obj}", seed.WithExtraProperty(obj, "", "1"u8.ToArray()));
        }

        for (var i = 0; i < RandomCorruptions; i++)
        {
            yield return Corrupt(valid, random);
        }

        foreach (var contentType in WrongContentTypes)
        {
            yield return new($"Content-Type {(contentType is null ? "missing" : $"'{contentType}'")}", valid, contentType);
        }
    }

    private static IEnumerable<(string What, byte[] Body)> WrongDocuments(byte[] valid, Random random)
    {
        var text = Encoding.UTF8.GetString(valid);
        yield return ("whitespace only", " \r\n\t "u8.ToArray());
        yield return ("JSON null", "null"u8.ToArray());
        yield return ("JSON true", "true"u8.ToArray());
        yield return ("a number", "42"u8.ToArray());
        yield return ("a string", "\"text\""u8.ToArray());
        yield return ("an empty array", "[]"u8.ToArray());
        yield return ("an empty object", "{}"u8.ToArray());
        yield return ("the body in an array", [.. "["u8, .. valid, .. "]"u8]);
        yield return ("the body twice", [.. valid, .. valid]);
        yield return ("trailing garbage", [.. valid, .. " x"u8]);
        yield return ("trailing comma", Encoding.UTF8.GetBytes(text[..^1] + ",}"));
        yield return ("a comment", [.. "/* c */"u8, .. valid]);
        yield return ("single quotes", Encoding.UTF8.GetBytes(text.Replace('"', '\'')));
        yield return ("byte order mark", [0xEF, 0xBB, 0xBF, .. valid]);
        yield return ("UTF-16", Encoding.Unicode.GetBytes(text));
        yield return ("UTF-32", Encoding.UTF32.GetBytes(text));
        yield return ("a NUL byte", [0x00]);
        yield return ("NUL bytes after the body", [.. valid, 0x00, 0x00]);
        yield return ("random bytes", RandomBytes(random, 256));
        yield return ("deep arrays", Encoding.UTF8.GetBytes(new string('[', HostileValues.DeepNesting) + new string(']', HostileValues.DeepNesting)));
        yield return ("very deep objects, unclosed", Encoding.UTF8.GetBytes(new StringBuilder().Insert(0, "{\"a\":", 100_000).ToString()));
        yield return ("whitespace past the body limit", [.. valid, .. Enumerable.Repeat((byte)' ', HostileValues.OversizedLength)]);
    }

    private static BodyMutation Corrupt(byte[] valid, Random random)
    {
        var body = valid.ToList();
        var at = random.Next(body.Count);
        var kind = random.Next(5);
        switch (kind)
        {
            case 0:
                var value = (byte)random.Next(256);
                body[at] = value;
                return new($"random: byte {at} set to 0x{value:X2}", [.. body]);
            case 1:
                body.RemoveAt(at);
                return new($"random: byte {at} removed", [.. body]);
            case 2:
                var token = Tokens[random.Next(Tokens.Length)];
                body.InsertRange(at, Encoding.UTF8.GetBytes(token));
                return new($"random: '{token}' inserted at {at}", [.. body]);
            case 3:
                var length = random.Next(1, Math.Min(16, body.Count - at) + 1);
                body.InsertRange(at, body.GetRange(at, length));
                return new($"random: {length} bytes at {at} repeated", [.. body]);
            default:
                var other = random.Next(body.Count);
                (body[at], body[other]) = (body[other], body[at]);
                return new($"random: bytes {at} and {other} swapped", [.. body]);
        }
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
