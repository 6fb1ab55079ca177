using System.ClientModel;
using System.Diagnostics;
using Everruns.Worker.Models;
using Xunit;

namespace Everruns.Tests.Models;

public sealed class RetryingChatClientTests
{
    private static readonly SimulatorOptions Fast = new() { TokensPerSecond = 0 };
    private static readonly ModelRetryOptions QuickRetries = new() { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(5) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transient_error_is_retried_until_it_succeeds()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries);

        var response = await client.GetResponseAsync(Chat.User(Chat.Unique("[error:503:once] hi")), cancellationToken: Ct);

        Assert.StartsWith("You said:", response.Text);
        Assert.Equal(2, counting.Calls);
    }

    [Fact]
    public async Task Permanent_error_is_not_retried()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries);

        var exception = await Assert.ThrowsAsync<ClientResultException>(
            () => client.GetResponseAsync(Chat.User(Chat.Unique("[error:401]")), cancellationToken: Ct));

        Assert.Equal(401, exception.Status);
        Assert.Equal(1, counting.Calls);
    }

    [Fact]
    public async Task Retries_stop_at_the_configured_count()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries with { MaxRetries = 2 });

        var exception = await Assert.ThrowsAsync<ClientResultException>(
            () => client.GetResponseAsync(Chat.User(Chat.Unique("[error:500]")), cancellationToken: Ct));

        Assert.Equal(500, exception.Status);
        Assert.Equal(3, counting.Calls);
    }

    [Fact]
    public async Task Zero_retries_means_one_attempt()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries with { MaxRetries = 0 });

        await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(Chat.User(Chat.Unique("[error:500:once]")), cancellationToken: Ct));

        Assert.Equal(1, counting.Calls);
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries);

        var stopwatch = Stopwatch.StartNew();
        await client.GetResponseAsync(Chat.User(Chat.Unique("[error:429:1:once]")), cancellationToken: Ct);

        Assert.Equal(2, counting.Calls);
        Assert.True(stopwatch.ElapsedMilliseconds >= 990, $"retried after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_rate_limit_is_waited_out_without_using_up_the_retries()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries with { MaxRetries = 0 });

        var response = await client.GetResponseAsync(Chat.User(Chat.Unique("[error:429:1:once]")), cancellationToken: Ct);

        Assert.StartsWith("You said:", response.Text);
        Assert.Equal(2, counting.Calls);
    }

    [Fact]
    public async Task A_lasting_rate_limit_fails_as_rate_limited_once_the_longest_wait_is_spent()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries with { RateLimitMaxWait = TimeSpan.FromMilliseconds(1500) });

        var stopwatch = Stopwatch.StartNew();
        var exception = await Assert.ThrowsAsync<ModelRateLimitedException>(
            () => Chat.CollectAsync(client.GetStreamingResponseAsync(Chat.User(Chat.Unique("[error:429:1]")), cancellationToken: Ct)));

        // Waits 1 s as asked, then the half second left, then gives up.
        Assert.Equal(3, counting.Calls);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), exception.Waited);
        Assert.True(stopwatch.ElapsedMilliseconds >= 1480, $"gave up after {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(429, Assert.IsType<ClientResultException>(exception.InnerException).Status);
    }

    [Fact]
    public async Task Stream_failing_before_its_first_update_is_retried()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries);

        var updates = await Chat.CollectAsync(client.GetStreamingResponseAsync(Chat.User(Chat.Unique("[long:8][error:502:once]")), cancellationToken: Ct));

        Assert.Equal(8, Chat.TextUpdates(updates));
        Assert.Equal(2, counting.Calls);
    }

    [Fact]
    public async Task Stream_failing_after_its_first_update_is_not_retried()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries);
        var received = 0;

        var exception = await Assert.ThrowsAsync<ModelStreamInterruptedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Chat.User(Chat.Unique("[long:8][fail-mid-stream:3:once]")), cancellationToken: Ct))
            {
                received++;
            }
        });

        Assert.Equal(3, received);
        Assert.Equal(3, exception.UpdatesDelivered);
        Assert.True(exception.IsTransient);
        Assert.IsType<HttpIOException>(exception.InnerException);
        Assert.Equal(1, counting.Calls);
    }

    [Fact]
    public async Task Cancellation_is_not_retried()
    {
        var counting = new CountingChatClient(new SimulatorChatClient(Fast));
        using var client = new RetryingChatClient(counting, QuickRetries);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancellation.CancelAfter(50);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.GetResponseAsync(Chat.User("[delay:5000]"), cancellationToken: cancellation.Token));

        Assert.Equal(1, counting.Calls);
    }
}
