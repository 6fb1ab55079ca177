using System.ComponentModel.DataAnnotations;

namespace Everruns.Api.Schedules;

/// <summary>How this API instance fires schedules (<c>Schedules:*</c>).</summary>
public sealed class SchedulesOptions
{
    public const string Section = "Schedules";

    /// <summary>Whether this instance fires schedules at all (every instance may: each fire is claimed once).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The longest the scheduler sleeps. It wakes at the next due fire, and at once when a schedule changes on any
    /// instance (PostgreSQL NOTIFY); this is only the safety net.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claimed fire may take to start its run before another instance finishes it (its own died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FireLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>For schedules with <c>missed_fires: skip</c>: a fire later than this was missed, and is skipped.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MissedFireGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many fires one pass claims.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;
}
