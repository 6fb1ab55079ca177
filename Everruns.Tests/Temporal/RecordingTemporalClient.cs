using System.Collections.Concurrent;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using Temporalio.Exceptions;

namespace Everruns.Tests.Temporal;

/// <summary>
/// A real Temporal client whose workflow starts, cancels and signals are recorded and answered in place, so that the API's
/// side of Temporal mode can be tested without a server. A second start of a workflow id is refused, as a server does.
/// </summary>
public sealed class RecordingTemporalClient : IClientInterceptor
{
    private readonly ConcurrentDictionary<string, StartWorkflowInput> started = new();
    private readonly ConcurrentQueue<string> cancelled = new();
    private readonly ConcurrentQueue<(string Workflow, string Signal)> signalled = new();
    private int refusedStarts;

    public RecordingTemporalClient() =>
        Client = TemporalClient.CreateLazy(new TemporalClientConnectOptions("127.0.0.1:1") { Interceptors = [this] });

    public ITemporalClient Client { get; }

    public IReadOnlyDictionary<string, StartWorkflowInput> Started => started;

    public IReadOnlyCollection<string> Cancelled => cancelled;

    public IReadOnlyCollection<(string Workflow, string Signal)> Signalled => signalled;

    public int RefusedStarts => Volatile.Read(ref refusedStarts);

    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new Outbound(this, nextInterceptor);

    private sealed class Outbound(RecordingTemporalClient recorder, ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(StartWorkflowInput input)
        {
            var id = input.Options.Id!;
            if (!recorder.started.TryAdd(id, input))
            {
                Interlocked.Increment(ref recorder.refusedStarts);
                throw new WorkflowAlreadyStartedException("Workflow execution is already running.", id, input.Workflow, "recorded-run");
            }

            return Task.FromResult(new WorkflowHandle<TWorkflow, TResult>(recorder.Client, id));
        }

        public override Task SignalWorkflowAsync(SignalWorkflowInput input)
        {
            recorder.signalled.Enqueue((input.Id, input.Signal));
            return Task.CompletedTask;
        }

        public override Task CancelWorkflowAsync(CancelWorkflowInput input)
        {
            recorder.cancelled.Enqueue(input.Id);
            return Task.CompletedTask;
        }
    }
}
