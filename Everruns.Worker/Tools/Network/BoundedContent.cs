namespace Everruns.Worker.Tools;

/// <summary>The start of a response body, read up to a limit.</summary>
public sealed record BoundedContent(byte[] Bytes, bool Truncated)
{
    /// <summary>Reads at most <paramref name="limit"/> bytes; <see cref="Truncated"/> says there was more.</summary>
    public static async Task<BoundedContent> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var collected = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (collected.Length <= limit)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return new BoundedContent(collected.ToArray(), Truncated: false);
            }

            collected.Write(buffer, 0, read);
        }

        return new BoundedContent(collected.GetBuffer()[..limit], Truncated: true);
    }
}
