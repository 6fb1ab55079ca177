using Everruns.Data.Webhooks;

namespace Everruns.Api.Contracts;

/// <summary>The rules of a completion webhook, on a run or in an agent's definition.</summary>
public static class CompletionWebhookValidation
{
    public const int MaxUrlLength = 2048;
    public const int MaxSecretLength = 1024;

    /// <summary>Adds what is wrong with <paramref name="webhook"/> to <paramref name="errors"/>, under <paramref name="field"/>.</summary>
    public static void Validate(CompletionWebhook? webhook, string field, IDictionary<string, string[]> errors)
    {
        if (webhook is null)
        {
            return;
        }

        if (webhook.Url is not { Length: > 0 and <= MaxUrlLength } text
            || !Uri.TryCreate(text, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || url.UserInfo.Length > 0)
        {
            errors[$"{field}.url"] = [$"url must be an absolute http or https URL without credentials, at most {MaxUrlLength} characters."];
        }

        if (webhook.Secret is { Length: 0 or > MaxSecretLength })
        {
            errors[$"{field}.secret"] = [$"secret must be 1 to {MaxSecretLength} characters, or left out."];
        }
    }
}
