namespace Everruns.AppHost;

/// <summary>Something the AppHost cannot start without; its message says what to do, and is all the user sees.</summary>
public sealed class AppHostSetupException(string message) : Exception(message);
