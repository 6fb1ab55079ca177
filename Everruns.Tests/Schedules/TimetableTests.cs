using Everruns.Data.Schedules;

namespace Everruns.Tests.Schedules;

/// <summary>When schedules fire: cron expressions read in IANA time zones, across daylight saving changes.</summary>
public sealed class TimetableTests
{
    [Fact]
    public void A_time_that_spring_forward_skips_fires_right_after_the_gap()
    {
        // Berlin, 29 March 2026: at 02:00 CET the clocks go to 03:00 CEST, so 02:30 does not exist that night.
        var timetable = Create("30 2 * * *", "Europe/Berlin");

        Assert.Equal(Utc("2026-03-29T01:00:00"), timetable.NextAfter(Utc("2026-03-28T12:00:00")));
        Assert.Equal(Utc("2026-03-30T00:30:00"), timetable.NextAfter(Utc("2026-03-29T01:00:00")));
    }

    [Fact]
    public void A_time_that_fall_back_repeats_fires_once_at_its_first_occurrence()
    {
        // Berlin, 25 October 2026: at 03:00 CEST the clocks go back to 02:00 CET, so 02:30 comes twice.
        var timetable = Create("30 2 * * *", "Europe/Berlin");

        Assert.Equal(Utc("2026-10-25T00:30:00"), timetable.NextAfter(Utc("2026-10-24T12:00:00")));
        Assert.Equal(Utc("2026-10-26T01:30:00"), timetable.NextAfter(Utc("2026-10-25T00:30:00")));
    }

    [Fact]
    public void A_daily_time_keeps_its_wall_clock_time_across_the_change()
    {
        var timetable = Create("0 9 * * *", "Europe/Berlin");

        Assert.Equal(Utc("2026-03-28T08:00:00"), timetable.NextAfter(Utc("2026-03-28T00:00:00")));
        Assert.Equal(Utc("2026-03-29T07:00:00"), timetable.NextAfter(Utc("2026-03-28T08:00:00")));
        Assert.Equal(Utc("2026-10-25T08:00:00"), timetable.NextAfter(Utc("2026-10-24T07:00:00")));
    }

    [Fact]
    public void An_interval_fires_through_both_copies_of_a_repeated_hour()
    {
        var timetable = Create("*/30 * * * *", "Europe/Berlin");

        Assert.Equal(
            [Utc("2026-10-25T00:30:00"), Utc("2026-10-25T01:00:00"), Utc("2026-10-25T01:30:00"), Utc("2026-10-25T02:00:00")],
            Occurrences(timetable, Utc("2026-10-25T00:00:00"), 4));
    }

    [Fact]
    public void A_weekly_time_in_new_york_moves_by_an_hour_in_utc_when_daylight_saving_starts()
    {
        // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT.
        var timetable = Create("0 9 * * 1", "America/New_York");

        Assert.Equal([Utc("2026-03-02T14:00:00"), Utc("2026-03-09T13:00:00")], Occurrences(timetable, Utc("2026-03-01T00:00:00"), 2));
    }

    [Fact]
    public void Six_fields_have_seconds_first_and_macros_are_read()
    {
        Assert.Equal(
            [Utc("2026-05-01T12:00:15"), Utc("2026-05-01T12:00:30")],
            Occurrences(Create("*/15 * * * * *", "UTC"), Utc("2026-05-01T12:00:07"), 2));
        Assert.Equal(Utc("2026-05-02T00:00:00"), Create("@daily", "UTC").NextAfter(Utc("2026-05-01T12:00:00")));
        Assert.Equal(Utc("2026-05-01T12:00:01"), Create("@every_second", "UTC").NextAfter(Utc("2026-05-01T12:00:00")));
    }

    [Fact]
    public void The_next_fire_is_strictly_after_the_given_time()
    {
        var timetable = Create("0 * * * *", "UTC");

        Assert.Equal(Utc("2026-05-01T13:00:00"), timetable.NextAfter(Utc("2026-05-01T12:00:00")));
        Assert.Equal(Utc("2026-05-01T13:00:00"), timetable.NextAfter(Utc("2026-05-01T12:59:59.999")));
    }

    [Fact]
    public void A_date_that_never_comes_has_no_next_fire()
    {
        Assert.Null(Create("0 0 30 2 *", "UTC").NextAfter(Utc("2026-01-01T00:00:00")));
    }

    private static Timetable Create(string cron, string timezone)
    {
        var timetable = Timetable.TryCreate(cron, timezone, out var errors);
        Assert.Empty(errors);
        return timetable!;
    }

    private static List<DateTimeOffset> Occurrences(Timetable timetable, DateTimeOffset from, int count)
    {
        var found = new List<DateTimeOffset>();
        for (var at = from; found.Count < count;)
        {
            at = timetable.NextAfter(at)!.Value;
            found.Add(at);
        }

        return found;
    }

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);
}
