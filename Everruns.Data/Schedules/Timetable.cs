using System.Text.RegularExpressions;
using Cronos;

namespace Everruns.Data.Schedules;

/// <summary>
/// When a schedule fires: its cron expression (five fields, or six with seconds first) read in its IANA time zone,
/// by Cronos. Daylight saving follows Cronos: a time that a spring-forward skips fires at the first moment after the
/// gap; a time that a fall-back repeats fires once, at its first occurrence (expressions that fire every second,
/// minute or hour fire through both).
/// </summary>
public sealed partial class Timetable
{
    public const int MaxCronLength = 200;

    private const string FieldsHelp = "five fields (minute hour day-of-month month day-of-week, as '0 9 * * 1-5'), or six with seconds first (as '*/30 * * * * *')";

    private readonly CronExpression expression;

    private Timetable(CronExpression expression, TimeZoneInfo zone)
    {
        this.expression = expression;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The timetable, or null with what is wrong, by field (<c>cron</c>, <c>timezone</c>).</summary>
    public static Timetable? TryCreate(string? cron, string? timezone, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var expression = ParseCron(cron, errors);
        var zone = FindZone(timezone, errors);
        return expression is null || zone is null ? null : new Timetable(expression, zone);
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>, in UTC; null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant) =>
        expression.GetNextOccurrence(instant.ToUniversalTime(), Zone, inclusive: false)?.ToUniversalTime();

    private static CronExpression? ParseCron(string? cron, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(cron) || cron.Length > MaxCronLength)
        {
            errors["cron"] = [$"cron must be a cron expression of at most {MaxCronLength} characters: {FieldsHelp}."];
            return null;
        }

        var fields = cron.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            // Cronos's macros: @yearly, @monthly, @weekly, @daily, @hourly, @every_minute, @every_second.
            1 when cron.TrimStart().StartsWith('@') => cron.Contains("second", StringComparison.OrdinalIgnoreCase) ? CronFormat.IncludeSeconds : CronFormat.Standard,
            _ => (CronFormat?)null,
        };
        if (format is null)
        {
            errors["cron"] = [$"cron has {fields} field{(fields == 1 ? "" : "s")}; it needs {FieldsHelp}."];
            return null;
        }

        try
        {
            return CronExpression.Parse(cron.Trim(), format.Value);
        }
        catch (CronFormatException e)
        {
            // Cronos says which field is wrong and why, after a general sentence.
            var why = e.Message.Replace("The given cron expression has an invalid format.", "", StringComparison.Ordinal).Trim().TrimEnd('.');
            errors["cron"] = [$"cron is not a valid cron expression: {why}. It needs {FieldsHelp}."];
            return null;
        }
    }

    private static TimeZoneInfo? FindZone(string? timezone, Dictionary<string, string[]> errors)
    {
        const string Examples = "as 'Europe/Berlin', 'America/New_York' or 'UTC'";
        if (string.IsNullOrWhiteSpace(timezone))
        {
            errors["timezone"] = [$"timezone must be an IANA time zone, {Examples}."];
            return null;
        }

        var zone = timezone.Length <= 100 && IanaId().IsMatch(timezone) ? FindSystemZone(timezone) : null;
        if (zone is { HasIanaId: true } && zone.Id == timezone)
        {
            return zone;
        }

        errors["timezone"] = zone is { HasIanaId: true }
            ? [$"timezone is not a known IANA time zone; names are case-sensitive: did you mean '{zone.Id}'?"]
            : TimeZoneInfo.TryConvertWindowsIdToIanaId(timezone, out var iana)
                ? [$"timezone is a Windows time zone name; use its IANA name, as '{iana}'."]
                : [$"timezone is not a known IANA time zone; use one {Examples}."];
        return null;
    }

    private static TimeZoneInfo? FindSystemZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The shape of IANA names (Area/Location, UTC, Etc/GMT+5), which also keeps file paths out of the lookup.</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")]
    private static partial Regex IanaId();
}
