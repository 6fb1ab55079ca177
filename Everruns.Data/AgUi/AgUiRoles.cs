namespace Everruns.Data.AgUi;

/// <summary>AG-UI message roles.</summary>
public static class AgUiRoles
{
    public const string Developer = "developer";
    public const string System = "system";
    public const string Assistant = "assistant";
    public const string User = "user";
    public const string Tool = "tool";

    /// <summary>The roles a streamed text message may take (every role but "tool").</summary>
    public static bool IsTextMessageRole(string? role) => role is Developer or System or Assistant or User;
}
