namespace Everruns.AppHost.Hosting;

public enum ResourceState
{
    Starting,
    Running,
    Healthy,
    Failed,
    Stopped,
}
