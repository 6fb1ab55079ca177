namespace Everruns.Data;

/// <summary>One page of a list, with the total count so clients can page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, long Total, int Limit, int Offset);

public readonly record struct PageRequest(int Limit, int Offset)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}
