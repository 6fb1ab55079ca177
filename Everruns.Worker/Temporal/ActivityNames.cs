namespace Everruns.Worker.Temporal;

/// <summary>The activity type names, fixed so that renaming a method never breaks the histories of running workflows.</summary>
public static class ActivityNames
{
    public const string BeginRun = "BeginRun";
    public const string CallModel = "CallModel";
    public const string RunTools = "RunTools";
    public const string PauseForApproval = "PauseForApproval";
    public const string FinishRun = "FinishRun";
}
