namespace Everruns.AppHost.Hosting;

/// <summary>Something the AppHost cannot start without; its message alone tells the person what to do.</summary>
internal sealed class SetupException(string message) : Exception(message);
