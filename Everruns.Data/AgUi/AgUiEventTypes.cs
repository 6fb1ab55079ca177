namespace Everruns.Data.AgUi;

/// <summary>The AG-UI 1.0 <c>type</c> discriminators of the events Everruns reads and writes.</summary>
public static class AgUiEventTypes
{
    public const string RunStarted = "RUN_STARTED";
    public const string RunFinished = "RUN_FINISHED";
    public const string RunError = "RUN_ERROR";
    public const string StepStarted = "STEP_STARTED";
    public const string StepFinished = "STEP_FINISHED";
    public const string TextMessageStart = "TEXT_MESSAGE_START";
    public const string TextMessageContent = "TEXT_MESSAGE_CONTENT";
    public const string TextMessageEnd = "TEXT_MESSAGE_END";
    public const string ToolCallStart = "TOOL_CALL_START";
    public const string ToolCallArgs = "TOOL_CALL_ARGS";
    public const string ToolCallEnd = "TOOL_CALL_END";
    public const string ToolCallResult = "TOOL_CALL_RESULT";
    public const string StateSnapshot = "STATE_SNAPSHOT";
    public const string MessagesSnapshot = "MESSAGES_SNAPSHOT";
    public const string Custom = "CUSTOM";
    public const string Raw = "RAW";
}
