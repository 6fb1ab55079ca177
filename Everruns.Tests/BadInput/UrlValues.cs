namespace Everruns.Tests.BadInput;

/// <summary>Values for path segments and query strings, already percent-encoded where a client would encode them.</summary>
public static class UrlValues
{
    /// <summary>
    /// Ids that are not UUIDs, or are UUIDs of nothing. No NUL: a path with one never reaches the application (Kestrel
    /// refuses the request line, and the test host will not send it); NUL in query strings and bodies does.
    /// </summary>
    public static IEnumerable<(string Name, string Segment)> BadIds() =>
    [
        ("not a uuid", "not-a-uuid"),
        ("a number", "42"),
        ("a negative number", "-1"),
        ("nil uuid", "00000000-0000-0000-0000-000000000000"),
        ("unknown uuid", "0195f0b4-7c1e-7d3a-9e4b-5a6c7d8e9f01"),
        ("unknown uuid in capitals", "0195F0B4-7C1E-7D3A-9E4B-5A6C7D8E9F01"),
        ("uuid without dashes", "0195f0b47c1e7d3a9e4b5a6c7d8e9f01"),
        ("uuid in braces", "%7B0195f0b4-7c1e-7d3a-9e4b-5a6c7d8e9f01%7D"),
        ("uuid with extra text", "0195f0b4-7c1e-7d3a-9e4b-5a6c7d8e9f01x"),
        ("uuid too short", "0195f0b4-7c1e-7d3a-9e4b-5a6c7d8e9f0"),
        ("uuid with a non-hex digit", "0195f0b4-7c1e-7d3a-9e4b-5a6c7d8e9f0g"),
        ("long id", new string('a', 5000)),
        ("SQL injection", Uri.EscapeDataString("'; DROP TABLE agents; --")),
        ("SQL quote", Uri.EscapeDataString("1' OR '1'='1")),
        ("script", Uri.EscapeDataString("<script>alert(1)</script>")),
        ("control characters", "%01%1B%7F"),
        ("invalid UTF-8", "%FF%FE"),
        ("overlong UTF-8", "%C0%AF"),
        ("bad percent escape", "%zz"),
        ("lone percent", "%"),
        ("encoded slash", "a%2Fb"),
        ("dot dot", "%2E%2E"),
        ("unicode", Uri.EscapeDataString("пример-🙂")),
        ("null word", "null"),
        ("undefined word", "undefined"),
        ("space", "%20"),
        ("plus", "+"),
        ("JSON", Uri.EscapeDataString("{\"id\":1}")),
    ];

    /// <summary>Values for a query parameter that expects a number, a UUID or an enum name.</summary>
    public static IEnumerable<(string Name, string Value)> BadQueryValues() =>
    [
        ("empty", ""),
        ("word", "abc"),
        ("zero", "0"),
        ("negative", "-1"),
        ("int32 min", "-2147483648"),
        ("int32 max", "2147483647"),
        ("int32 max + 1", "2147483648"),
        ("int64 max + 1", "9223372036854775808"),
        ("400 digits", new string('9', 400)),
        ("fraction", "1.5"),
        ("exponent", "1e3"),
        ("hex", "0x10"),
        ("leading space", "%201"),
        ("trailing space", "1%20"),
        ("plus sign", "%2B1"),
        ("over the maximum", "101"),
        ("NUL", "%00"),
        ("number then NUL", "1%00"),
        ("control characters", "%01%1B%7F"),
        ("invalid UTF-8", "%FF%FE"),
        ("bad percent escape", "%zz"),
        ("lone percent", "%"),
        ("SQL injection", Uri.EscapeDataString("'; DROP TABLE agents; --")),
        ("SQL quote", Uri.EscapeDataString("1' OR '1'='1")),
        ("script", Uri.EscapeDataString("<script>alert(1)</script>")),
        ("unknown enum value", "sleeping"),
        ("enum in capitals", "ACTIVE"),
        ("enum with NUL", "active%00"),
        ("enum as a number", "1"),
        ("bad uuid", "not-a-uuid"),
        ("nil uuid", "00000000-0000-0000-0000-000000000000"),
        ("unknown uuid", "0195f0b4-7c1e-7d3a-9e4b-5a6c7d8e9f01"),
        ("uuid with extra text", "0195f0b4-7c1e-7d3a-9e4b-5a6c7d8e9f01x"),
        ("long value", new string('9', 10_000)),
        ("null word", "null"),
        ("JSON array", Uri.EscapeDataString("[1,2]")),
        ("unicode digits", Uri.EscapeDataString("١٢")),
    ];
}
