using Deployer.Bot.Scheduling;
using Deployer.Core.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace Deployer.Bot.Extensions;

/// <summary>Registers Quartz with the promotion cycle and hold expiry jobs, and <see cref="ICycleTrigger"/>.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// The cycle runs every <c>Engine:Interval</c>, measured from the end of the previous one, never two at once; the
    /// first run settles promotions a crash left open. Add more jobs with <see cref="QuartzJobs.AddRecurringJob{TJob}"/>.
    /// </summary>
    public static IServiceCollection AddDeployerScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<JobScheduleOptions>().Bind(configuration.GetSection(JobScheduleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ICycleTrigger, QuartzCycleTrigger>();
        services.AddSingleton<DirtyPipelines>();
        services.AddHostedService(sp => sp.GetRequiredService<DirtyPipelines>());
        services.AddQuartz(q =>
        {
            q.AddRecurringJob<CycleJob>(CycleJob.Key, sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.Interval);
            q.AddRecurringJob<HoldExpiryJob>(HoldExpiryJob.Key, sp => sp.GetRequiredService<IOptions<JobScheduleOptions>>().Value.HoldExpiryInterval);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
