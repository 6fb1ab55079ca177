using Everruns.Data;

namespace Everruns.Api.Contracts;

/// <summary>One page of a list: <c>data</c>, the <c>total</c> count, and the <c>limit</c> and <c>offset</c> used.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Data, long Total, int Limit, int Offset)
{
    public static ListResponse<T> From<TSource>(Page<TSource> page, Func<TSource, T> map) =>
        new([.. page.Data.Select(map)], page.Total, page.Limit, page.Offset);
}
