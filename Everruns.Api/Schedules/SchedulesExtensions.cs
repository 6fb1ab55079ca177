using Everruns.Data.Schedules;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Everruns.Api.Schedules;

public static class SchedulesExtensions
{
    /// <summary>The schedules' stores, and the scheduler that fires them (unless <c>Schedules:Enabled</c> is false).</summary>
    public static WebApplicationBuilder AddEverrunsSchedules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SchedulesOptions>().BindConfiguration(SchedulesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ScheduleStore>();
        builder.Services.AddSingleton<ScheduleFireStore>();
        builder.Services.AddSingleton<ScheduleFirer>();
        if (builder.Configuration.GetSection(SchedulesOptions.Section).GetValue(nameof(SchedulesOptions.Enabled), true))
        {
            builder.Services.AddHostedService<Scheduler>();
        }

        return builder;
    }
}
