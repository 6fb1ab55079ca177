namespace Everruns.AppHost.Hosting;

/// <summary>Is told what resources print and when their state, health or restarts change.</summary>
internal interface IResourceObserver
{
    void Log(Resource resource, string line);

    void Changed(Resource resource);
}
