using Everruns.Api.Apis;
using Everruns.Data.Schedules;

namespace Everruns.Api.Contracts;

public static class ScheduleValidation
{
    public const string DefaultTimezone = "UTC";

    /// <summary>
    /// Checks a schedule's message (when given) and its timetable, and says when it fires next after
    /// <paramref name="now"/>. A timetable that never fires again (as 30 February) is refused too.
    /// </summary>
    public static Dictionary<string, string[]> Validate(string? cron, string? timezone, string? message, DateTimeOffset now, out DateTimeOffset? nextFireAt)
    {
        nextFireAt = null;
        var timetable = Timetable.TryCreate(cron, timezone, out var errors);
        if (message is not null && (string.IsNullOrWhiteSpace(message) || message.Length > ThreadsApi.MaxMessageLength))
        {
            errors["message"] = [$"message must be 1 to {ThreadsApi.MaxMessageLength} characters and not blank."];
        }

        if (timetable is not null)
        {
            nextFireAt = timetable.NextAfter(now);
            if (nextFireAt is null)
            {
                errors["cron"] = ["cron never fires from now on: no date matches it."];
            }
        }

        return errors;
    }
}
