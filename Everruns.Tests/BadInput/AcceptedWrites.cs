namespace Everruns.Tests.BadInput;

/// <summary>
/// What a request the API accepted (2xx) may write: rows it adds (an exact number), tables whose rows it may
/// change, and tables it adds an unknown number of rows to. Null when that cannot be told from the answer (a
/// cancellation); the database check then starts over from there.
/// </summary>
public sealed record AcceptedWrites(
    IReadOnlyDictionary<string, int> Adds,
    IReadOnlySet<string> Updates,
    IReadOnlySet<string> AddsSome)
{
    public static readonly AcceptedWrites Nothing = new(new Dictionary<string, int>(), new HashSet<string>(), new HashSet<string>());

    public static AcceptedWrites? Of(BadRequest request, int status) => (request.Endpoint, status) switch
    {
        (_, < 200 or >= 300) => Nothing,
        ({ } endpoint, _) when endpoint.StartsWith("GET ", StringComparison.Ordinal) => Nothing,
        ("POST /v1/agents", 201) => Nothing with { Adds = new Dictionary<string, int> { ["agents"] = 1 } },
        ("PATCH /v1/agents/{id}", 200) => Nothing with { Updates = new HashSet<string> { "agents" } },
        ("POST /v1/threads", 201) => Nothing with { Adds = new Dictionary<string, int> { ["threads"] = 1 } },
        ("POST /v1/threads/{id}/messages", 201) => Nothing with { Adds = new Dictionary<string, int> { ["messages"] = 1 } },
        ("POST /v1/runs", 201) => Nothing with { Adds = new Dictionary<string, int> { ["runs"] = 1 } },
        ("POST /v1/runs", 200) => Nothing,
        ("POST /v1/runs/{id}/approvals", 200) => Nothing with { Updates = new HashSet<string> { "tool_approvals", "runs" } },
        ("POST /v1/schedules", 201) => Nothing with { Adds = new Dictionary<string, int> { ["schedules"] = 1 } },
        ("PATCH /v1/schedules/{id}", 200) => Nothing with { Updates = new HashSet<string> { "schedules" } },

        // Every AG-UI request here has a thread id and a run id of its own: one accepted starts one run on one new
        // thread, and stores the messages of its body that it can read.
        ("POST /v1/ag-ui", 200) => Nothing with
        {
            Adds = new Dictionary<string, int> { ["threads"] = 1, ["runs"] = 1 },
            AddsSome = new HashSet<string> { "messages" },
        },
        _ => null,
    };

    /// <summary>Whether the table went from <paramref name="was"/> to <paramref name="now"/> by these writes alone.</summary>
    public static bool Explain(IReadOnlyList<AcceptedWrites> writes, string table, TableState was, TableState now)
    {
        var added = writes.Sum(w => w.Adds.GetValueOrDefault(table));
        var addsSome = writes.Any(w => w.AddsSome.Contains(table));
        var rowsAsExpected = addsSome ? now.Rows >= was.Rows + added : now.Rows == was.Rows + added;
        var mayChange = added > 0 || addsSome || writes.Any(w => w.Updates.Contains(table));
        return rowsAsExpected && (mayChange || now == was);
    }
}
