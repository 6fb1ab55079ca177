using System.Text;

namespace Everruns.Tests.BadInput;

/// <summary>
/// Raw JSON values (not always valid JSON) that go in place of a field: every JSON type, values a field of the
/// right type should still refuse, text a database or a browser could misread, and bytes that are not UTF-8.
/// </summary>
public static class HostileValues
{
    /// <summary>Within the 1 MiB body limit, but far over every field's own limit.</summary>
    public const int HugeLength = 900_000;

    /// <summary>Over the 1 MiB body limit on its own.</summary>
    public const int OversizedLength = 1_100_000;

    public const int DeepNesting = 1000;

    public static IEnumerable<(string Name, byte[] Json)> All()
    {
        foreach (var (name, json) in Text())
        {
            yield return (name, Encoding.UTF8.GetBytes(json));
        }

        foreach (var value in InvalidUtf8())
        {
            yield return value;
        }
    }

    private static IEnumerable<(string Name, string Json)> Text()
    {
        // Other JSON types.
        yield return ("null", "null");
        yield return ("true", "true");
        yield return ("false", "false");
        yield return ("empty array", "[]");
        yield return ("array", "[1, \"a\", null]");
        yield return ("empty object", "{}");
        yield return ("object", "{\"a\": 1}");

        // Numbers.
        yield return ("zero", "0");
        yield return ("negative", "-1");
        yield return ("number", "42");
        yield return ("fraction", "3.14");
        yield return ("int32 max + 1", "2147483648");
        yield return ("int32 min - 1", "-2147483649");
        yield return ("int64 max + 1", "9223372036854775808");
        yield return ("int64 min - 1", "-9223372036854775809");
        yield return ("double overflow", "1e400");
        yield return ("negative double overflow", "-1e400");
        yield return ("double underflow", "1e-400");
        yield return ("400 digits", new string('9', 400));
        yield return ("long fraction", "0." + new string('0', 400) + "1");
        yield return ("negative zero", "-0");

        // Strings a field may still refuse.
        yield return ("empty string", "\"\"");
        yield return ("blank string", "\" \\t\\n \"");
        yield return ("long string", Quote(new string('l', 5000)));
        yield return ("huge string within the body limit", Quote(new string('h', HugeLength)));
        yield return ("string over the body limit", Quote(new string('o', OversizedLength)));
        yield return ("bad uuid", "\"not-a-uuid\"");
        yield return ("nil uuid", "\"00000000-0000-0000-0000-000000000000\"");
        yield return ("unknown uuid", "\"0195f0b4-7c1e-7d3a-9e4b-5a6c7d8e9f01\"");
        yield return ("uuid with extra text", "\"0195f0b4-7c1e-7d3a-9e4b-5a6c7d8e9f01x\"");
        yield return ("unknown enum value", "\"wizard\"");
        yield return ("enum value in capitals", "\"USER\"");
        yield return ("number as a string", "\"42\"");

        // Text that other systems could misread.
        yield return ("SQL injection", "\"'; DROP TABLE agents; --\"");
        yield return ("SQL quote", "\"\\\" OR 1=1 --\"");
        yield return ("script", "\"<script>alert(1)</script>\"");
        yield return ("template", "\"{{7*7}} ${7*7}\"");
        yield return ("path traversal", "\"../../../etc/passwd\"");
        yield return ("NUL", "\"\\u0000\"");
        yield return ("NUL inside text", "\"a\\u0000b\"");
        yield return ("control characters", "\"\\u0001\\u0002\\u001b[31m\\u007f\"");
        yield return ("raw control character", "\"a\u0001b\"");
        yield return ("raw newline", "\"a\nb\"");
        yield return ("lone high surrogate", "\"\\ud800\"");
        yield return ("lone low surrogate", "\"x\\udc00y\"");
        yield return ("right-to-left override", "\"\\u202egnp.exe\"");
        yield return ("bad escape", "\"\\x41\"");

        // Not JSON at all.
        yield return ("deep arrays", new string('[', DeepNesting) + new string(']', DeepNesting));
        yield return ("deep objects", Repeat("{\"a\":", DeepNesting) + "1" + new string('}', DeepNesting));
        yield return ("NaN", "NaN");
        yield return ("Infinity", "Infinity");
        yield return ("undefined", "undefined");
        yield return ("single quotes", "'text'");
        yield return ("hex number", "0x1F");
        yield return ("leading zero", "01");
        yield return ("plus sign", "+1");
        yield return ("bare word", "wizard");
        yield return ("nothing", "");
    }

    private static IEnumerable<(string Name, byte[] Json)> InvalidUtf8()
    {
        yield return ("invalid UTF-8 bytes", [(byte)'"', 0xFF, 0xFE, (byte)'"']);
        yield return ("truncated UTF-8 sequence", [(byte)'"', (byte)'a', 0xC3, (byte)'"']);
        yield return ("overlong UTF-8", [(byte)'"', 0xC0, 0xAF, (byte)'"']);
        yield return ("UTF-8 encoded surrogate", [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"']);
        yield return ("UTF-8 beyond U+10FFFF", [(byte)'"', 0xF4, 0x90, 0x80, 0x80, (byte)'"']);
        yield return ("raw NUL byte", [(byte)'"', (byte)'a', 0x00, (byte)'"']);
    }

    private static string Quote(string text) => "\"" + text + "\"";

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
