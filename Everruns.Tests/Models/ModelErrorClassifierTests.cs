using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using Anthropic.Exceptions;
using Everruns.Worker.Models;
using Xunit;

namespace Everruns.Tests.Models;

public sealed class ModelErrorClassifierTests
{
    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(422, false)]
    public void Http_status_decides(int status, bool transient)
    {
        var failure = ModelErrorClassifier.Classify(new HttpRequestException("failed", null, (HttpStatusCode)status));

        Assert.Equal(transient, failure.IsTransient);
        Assert.Equal(status, failure.StatusCode);
    }

    [Fact]
    public void Network_errors_are_transient()
    {
        Assert.True(ModelErrorClassifier.Classify(new HttpRequestException("connection refused", new SocketException())).IsTransient);
        Assert.True(ModelErrorClassifier.Classify(new HttpIOException(HttpRequestError.ResponseEnded)).IsTransient);
        Assert.True(ModelErrorClassifier.Classify(new TaskCanceledException("timed out", new TimeoutException())).IsTransient);
        // The OpenAI client's transport reports a failed connection as a status-0 result wrapping the cause.
        Assert.True(ModelErrorClassifier.Classify(new ClientResultException("no response", null, new HttpRequestException("reset"))).IsTransient);
    }

    [Fact]
    public void Configuration_cancellation_and_unknown_errors_are_not_transient()
    {
        Assert.False(ModelErrorClassifier.Classify(new ModelConfigurationException("no key")).IsTransient);
        Assert.False(ModelErrorClassifier.Classify(new OperationCanceledException()).IsTransient);
        Assert.False(ModelErrorClassifier.Classify(new InvalidOperationException("bug")).IsTransient);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    public void Anthropic_errors_are_classified_by_status(HttpStatusCode status, bool transient)
    {
        var exception = new AnthropicApiException("anthropic failed", new HttpRequestException()) { StatusCode = status, ResponseBody = "{}" };

        Assert.Equal(transient, ModelErrorClassifier.Classify(exception).IsTransient);
        Assert.Equal((int)status, ModelErrorClassifier.Classify(exception).StatusCode);
    }

    [Fact]
    public void Wrapped_errors_are_classified_by_their_cause()
    {
        var wrapped = new InvalidOperationException("outer", new HttpRequestException("inner", null, HttpStatusCode.BadGateway));

        Assert.True(ModelErrorClassifier.Classify(wrapped).IsTransient);
    }

    [Fact]
    public void Retry_after_accepts_seconds_and_http_dates()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(3), RetryAfterHeader.Parse("3", now));
        Assert.Equal(TimeSpan.FromSeconds(1.5), RetryAfterHeader.Parse("1.5", now));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfterHeader.Parse("Wed, 01 Jan 2025 12:00:30 GMT", now));
        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.Parse("Wed, 01 Jan 2025 11:00:00 GMT", now));
        Assert.Null(RetryAfterHeader.Parse("soon", now));
        Assert.Null(RetryAfterHeader.Parse("-4", now));
        Assert.Null(RetryAfterHeader.Parse(null, now));
    }

    [Fact]
    public void Stream_interruption_reports_whether_a_repeat_may_help()
    {
        Assert.True(new ModelStreamInterruptedException(3, new HttpIOException(HttpRequestError.ResponseEnded)).IsTransient);
        Assert.False(new ModelStreamInterruptedException(3, new InvalidOperationException()).IsTransient);
    }
}
