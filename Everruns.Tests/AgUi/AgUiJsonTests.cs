using System.Text.Json;
using Everruns.Data.AgUi;
using Xunit;

namespace Everruns.Tests.AgUi;

public sealed class AgUiJsonTests
{
    [Fact]
    public void Samples_cover_every_known_event_type()
    {
        Assert.Equal(AgUiJson.KnownTypes.Order(StringComparer.Ordinal), AgUiSamples.ByType.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AgUiSamples.Types), MemberType = typeof(AgUiSamples))]
    public void Every_event_type_round_trips_with_type_first_camel_case_and_no_nulls(string type)
    {
        var original = AgUiSamples.ByType[type];

        var json = AgUiJson.Serialize(original);

        Assert.StartsWith($$"""{"type":"{{type}}",""", json);
        Assert.DoesNotContain("null", json);
        AssertCamelCase(JsonDocument.Parse(json).RootElement, type);
        var read = AgUiJson.Deserialize(json);
        Assert.IsType(original.GetType(), read);
        Assert.Equal(json, AgUiJson.Serialize(read));
    }

    [Theory]
    [MemberData(nameof(AgUiSamples.Types), MemberType = typeof(AgUiSamples))]
    public void Stored_payload_is_the_whole_event_and_reads_back(string type)
    {
        var original = AgUiSamples.ByType[type];

        var payload = AgUiJson.ToPayload(original);

        Assert.Equal(type, payload.GetProperty("type").GetString());
        Assert.Equal(AgUiJson.Serialize(original), AgUiJson.Serialize(AgUiJson.FromStored(type, payload)));
    }

    [Fact]
    public void Run_started_has_the_exact_minimal_shape()
    {
        Assert.Equal(
            """{"type":"RUN_STARTED","threadId":"t1","runId":"r1"}""",
            AgUiJson.Serialize(new RunStartedEvent("t1", "r1")));
    }

    [Fact]
    public void Text_message_start_defaults_to_the_assistant_role()
    {
        Assert.Equal(
            """{"type":"TEXT_MESSAGE_START","messageId":"m1","role":"assistant"}""",
            AgUiJson.Serialize(new TextMessageStartEvent("m1")));
        Assert.Equal(
            AgUiRoles.Assistant,
            Assert.IsType<TextMessageStartEvent>(AgUiJson.Deserialize("""{"type":"TEXT_MESSAGE_START","messageId":"m1"}""")).Role);
    }

    [Fact]
    public void Tool_call_start_has_the_exact_shape_with_timestamp_last()
    {
        var @event = new ToolCallStartEvent("c1", "search") { ParentMessageId = "m1", Timestamp = 1_700_000_000_000 };

        Assert.Equal(
            """{"type":"TOOL_CALL_START","toolCallId":"c1","toolCallName":"search","parentMessageId":"m1","timestamp":1700000000000}""",
            AgUiJson.Serialize(@event));
    }

    [Fact]
    public void Text_is_written_without_needless_escapes()
    {
        Assert.Equal(
            """{"type":"TEXT_MESSAGE_CONTENT","messageId":"m1","delta":"Grüße, 世界 <b>\"hi\"</b>\n"}""",
            AgUiJson.Serialize(new TextMessageContentEvent("m1", "Grüße, 世界 <b>\"hi\"</b>\n")));
    }

    [Fact]
    public void Run_finished_outcomes_have_the_exact_shapes()
    {
        Assert.Equal(
            """{"type":"RUN_FINISHED","threadId":"t1","runId":"r1","outcome":{"type":"interrupt","interrupts":[{"id":"i1","reason":"tool_call","toolCallId":"c1"}]}}""",
            AgUiJson.Serialize(new RunFinishedEvent("t1", "r1")
            {
                Outcome = new RunFinishedInterruptOutcome([new AgUiInterrupt("i1", "tool_call") { ToolCallId = "c1" }]),
            }));
        Assert.Equal(
            """{"type":"RUN_FINISHED","threadId":"t1","runId":"r1","outcome":{"type":"success","pendingToolCallIds":["c1"]}}""",
            AgUiJson.Serialize(new RunFinishedEvent("t1", "r1") { Outcome = new RunFinishedSuccessOutcome { PendingToolCallIds = ["c1"] } }));
        Assert.Equal(
            """{"type":"RUN_FINISHED","threadId":"t1","runId":"r1","outcome":{"type":"cancelled"}}""",
            AgUiJson.Serialize(new RunFinishedEvent("t1", "r1") { Outcome = new RunFinishedCancelledOutcome() }));
    }

    [Fact]
    public void Reading_tolerates_type_not_first_as_jsonb_returns_it()
    {
        var read = AgUiJson.FromStored(
            AgUiEventTypes.TextMessageContent,
            AgUiSamples.Json("""{"delta":"Hi","type":"TEXT_MESSAGE_CONTENT","messageId":"m1"}"""));

        var content = Assert.IsType<TextMessageContentEvent>(read);
        Assert.Equal(("m1", "Hi"), (content.MessageId, content.Delta));
    }

    [Fact]
    public void Null_optional_fields_read_as_absent_and_are_not_written_back()
    {
        var read = AgUiJson.Deserialize(
            """{"type":"RUN_FINISHED","threadId":"t1","runId":"r1","result":null,"outcome":null,"timestamp":null}""");

        Assert.Equal("""{"type":"RUN_FINISHED","threadId":"t1","runId":"r1"}""", AgUiJson.Serialize(read));
    }

    [Fact]
    public void A_json_null_result_set_in_code_is_omitted()
    {
        var @event = new RunFinishedEvent("t1", "r1") { Result = AgUiSamples.Json("null") };

        Assert.Equal("""{"type":"RUN_FINISHED","threadId":"t1","runId":"r1"}""", AgUiJson.Serialize(@event));
    }

    [Fact]
    public void Unknown_fields_from_newer_producers_are_ignored()
    {
        var read = AgUiJson.Deserialize("""{"type":"STEP_STARTED","stepName":"plan","rawEvent":{"x":1},"metadata":{}}""");

        Assert.Equal("plan", Assert.IsType<StepStartedEvent>(read).StepName);
    }

    [Theory]
    [InlineData("""{"type":"NOT_A_TYPE","x":1}""", "Unknown AG-UI event type 'NOT_A_TYPE'")]
    [InlineData("""{"type":"TEXT_MESSAGE_CHUNK","delta":"x"}""", "Unknown AG-UI event type 'TEXT_MESSAGE_CHUNK'")]
    [InlineData("""{"threadId":"t1","runId":"r1"}""", "needs a string 'type'")]
    [InlineData("""{"type":7}""", "needs a string 'type'")]
    [InlineData("""[1,2]""", "is a JSON object")]
    [InlineData("""{"type":"TEXT_MESSAGE_CONTENT","messageId":"m1","delta":""}""", "must not be empty")]
    [InlineData("""{"type":"TEXT_MESSAGE_START","messageId":"m1","role":"tool"}""", "not a text message role")]
    [InlineData("""{"type":"RUN_FINISHED","threadId":"t1","runId":"r1","outcome":{"type":"interrupt","interrupts":[]}}""", "at least one interrupt")]
    public void Invalid_events_fail_clearly(string json, string expected)
    {
        var error = Assert.Throws<JsonException>(() => AgUiJson.Deserialize(json));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("""{"type":"RUN_STARTED","threadId":"t1"}""")]
    [InlineData("""{"type":"RUN_STARTED","threadId":null,"runId":"r1"}""")]
    [InlineData("""{"type":"RUN_FINISHED","threadId":"t1","runId":"r1","outcome":{"type":"paused"}}""")]
    [InlineData("""{"type":"RUN_STARTED","threadId":"t1","runId":"r1",""")]
    public void Missing_or_malformed_fields_fail(string json)
    {
        Assert.ThrowsAny<JsonException>(() => AgUiJson.Deserialize(json));
    }

    [Fact]
    public void A_stored_type_that_disagrees_with_its_payload_fails()
    {
        var payload = AgUiJson.ToPayload(new StepStartedEvent("plan"));

        var error = Assert.Throws<JsonException>(() => AgUiJson.FromStored(AgUiEventTypes.StepFinished, payload));

        Assert.Contains("does not match", error.Message);
    }

    [Fact]
    public void Events_refuse_invalid_values_in_code()
    {
        Assert.Throws<ArgumentException>(() => new TextMessageContentEvent("m1", ""));
        Assert.Throws<ArgumentException>(() => new TextMessageContentEvent("m1", "x") with { Delta = "" });
        Assert.Throws<ArgumentException>(() => new TextMessageStartEvent("m1", AgUiRoles.Tool));
        Assert.Throws<ArgumentException>(() => new ToolCallResultEvent("m2", "c1", "x") { Role = AgUiRoles.User });
        Assert.Throws<ArgumentException>(() => new RunFinishedInterruptOutcome([]));
    }

    private static void AssertCamelCase(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Assert.True(char.IsLower(property.Name[0]) && !property.Name.Contains('_'), $"{path}.{property.Name} is not camelCase");
                    AssertCamelCase(property.Value, $"{path}.{property.Name}");
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    AssertCamelCase(item, $"{path}[]");
                break;
        }
    }
}
