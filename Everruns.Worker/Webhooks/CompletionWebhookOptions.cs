using Microsoft.Extensions.Options;

namespace Everruns.Worker.Webhooks;

/// <summary>How completion webhooks are delivered: the <c>Webhooks</c> configuration section.</summary>
public sealed class CompletionWebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long one attempt waits for the receiver's answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long after a run's turn ended its delivery is still tried; then it is given up (status failed).</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait before the second attempt; each later wait doubles, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between attempts, also for a longer Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Deliveries this process makes at once; 0: it makes none (another process delivers).</summary>
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>The longest the deliverer sleeps without being woken (new deliveries wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a claimed delivery stays this process's: twice the attempt timeout, so that an attempt always ends
    /// (and its result is stored) before anyone else may make the next one. A process that died loses its claims after this.
    /// </summary>
    public TimeSpan Lease => AttemptTimeout * 2;
}

public sealed class CompletionWebhookOptionsValidator : IValidateOptions<CompletionWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, CompletionWebhookOptions options)
    {
        var errors = new List<string>();
        if (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("Webhooks:AttemptTimeout must be more than 0 and at most 00:10:00.");
        }

        if (options.RetryFor < TimeSpan.Zero)
        {
            errors.Add("Webhooks:RetryFor must not be negative.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add("Webhooks:RetryBaseDelay must be more than 0, and Webhooks:RetryMaxDelay at least as long.");
        }

        if (options.MaxConcurrentDeliveries is < 0 or > 1000)
        {
            errors.Add("Webhooks:MaxConcurrentDeliveries must be between 0 and 1000.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add("Webhooks:PollInterval must be more than 0.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
