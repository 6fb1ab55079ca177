using Everruns.Worker.Tools;
using static Everruns.Tests.Tools.ToolCalls;

namespace Everruns.Tests.Tools;

public sealed class SecretsTests
{
    private const string Secret = "whsec_do_not_leak_91c3";
    private const string ApiKey = "apikey_do_not_leak_5d2e";
    private const string Argument = "argument_do_not_leak_77ab";

    [Fact]
    public async Task Secret_headers_and_bodies_stay_out_of_the_logs()
    {
        await using var receiver = await WebhookReceiver.StartAsync((request, context) =>
            request.Number == 1 ? WebhookReceiver.Reply(context, 503, $$"""{"echo":"{{Argument}}"}""") : WebhookReceiver.Reply(context, 500, "{}"));
        var logger = new RecordingLogger<WebhookToolInvoker>();
        using var invoker = Invoker(logger: logger);

        var result = await invoker.InvokeAsync(
            Webhook(
                $"{receiver.Url}?token={ApiKey}",
                new { value = Argument },
                secret: Secret,
                headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {ApiKey}" }),
            Ct);

        Assert.True(result.IsError);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.NotEmpty(logger.Entries);
        Assert.All(logger.Entries, entry =>
        {
            Assert.DoesNotContain(Secret, entry);
            Assert.DoesNotContain(ApiKey, entry);
            Assert.DoesNotContain(Argument, entry);
        });
        Assert.All(receiver.Requests, request => Assert.DoesNotContain(Secret, string.Join("\n", request.Headers.Values) + request.BodyText));
    }

    [Fact]
    public void Invocation_text_leaves_out_the_definition()
    {
        var invocation = Webhook("https://example.com/hook", secret: Secret, headers: new Dictionary<string, string> { ["Authorization"] = ApiKey });

        Assert.DoesNotContain(Secret, invocation.ToString());
        Assert.DoesNotContain(ApiKey, invocation.ToString());
        Assert.Contains(invocation.Call.Id, invocation.ToString());
    }
}
