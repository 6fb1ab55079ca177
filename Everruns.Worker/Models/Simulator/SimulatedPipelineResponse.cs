using System.ClientModel.Primitives;

namespace Everruns.Worker.Models;

/// <summary>A provider's error response, so that simulated errors carry status and headers exactly like the OpenAI client's.</summary>
internal sealed class SimulatedPipelineResponse(int status, string reasonPhrase, IReadOnlyDictionary<string, string> headers, BinaryData content)
    : PipelineResponse
{
    private Stream? _contentStream;

    public override int Status => status;

    public override string ReasonPhrase => reasonPhrase;

    public override Stream? ContentStream
    {
        get => _contentStream ??= content.ToStream();
        set => _contentStream = value;
    }

    public override BinaryData Content => content;

    protected override PipelineResponseHeaders HeadersCore { get; } = new SimulatedHeaders(headers);

    public override BinaryData BufferContent(CancellationToken cancellationToken = default) => content;

    public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(content);

    public override void Dispose() => _contentStream?.Dispose();

    private sealed class SimulatedHeaders(IReadOnlyDictionary<string, string> values) : PipelineResponseHeaders
    {
        public override bool TryGetValue(string name, out string? value)
        {
            var found = values.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            value = found.Value;
            return found.Key is not null;
        }

        public override bool TryGetValues(string name, out IEnumerable<string>? values)
        {
            var found = TryGetValue(name, out var value);
            values = found ? [value!] : null;
            return found;
        }

        public override IEnumerator<KeyValuePair<string, string>> GetEnumerator() => values.GetEnumerator();
    }
}
