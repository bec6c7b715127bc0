using Deployer.Bot.ChatOps;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Store;
using Deployer.Bot.Store.PostgreSql;
using Deployer.Core.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace Deployer.Bot.Extensions;

/// <summary>Registers Quartz with the promotion cycle and hold expiry jobs, and <see cref="ICycleTrigger"/>.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>Every node of one deployment uses this scheduler name; each has its own instance id (<see cref="DeployerNode"/>).</summary>
    public const string SchedulerName = "deployer";

    /// <summary>
    /// The cycle runs every <c>Engine:Interval</c>, measured from the end of the previous one, never two at once; the
    /// first run settles promotions a crash left open. Add more jobs with <see cref="QuartzJobs.AddRecurringJob{TJob}"/>.
    /// With <c>Store:Provider=PostgreSql</c> Quartz keeps its jobs in the same database and runs clustered: "never two at
    /// once" then holds across every node, and a dead node's jobs are taken over by another.
    /// </summary>
    public static IServiceCollection AddDeployerScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<JobScheduleOptions>().BindWithDurations(configuration.GetSection(JobScheduleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ICycleTrigger, QuartzCycleTrigger>();
        services.AddSingleton<DirtyPipelines>();
        services.AddHostedService(sp => sp.GetRequiredService<DirtyPipelines>());
        var store = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        services.AddQuartz(q =>
        {
            if (store.Provider == StoreProvider.PostgreSql)
            {
                UseCluster(q, services, configuration, store);
            }
            else
            {
                // Quartz keeps schedulers in a process-wide repository by name: a host of its own per node id, so hosts
                // sharing a process (tests, benchmarks) never pick up each other's scheduler.
                var id = Node(services).Id;
                q.ConfigureScheduler(o => o.InstanceName = $"{SchedulerName}-{id}");
            }

            q.AddRecurringJob<CycleJob>(CycleJob.Key, sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.Interval);
            q.AddRecurringJob<HoldExpiryJob>(HoldExpiryJob.Key, sp => sp.GetRequiredService<IOptions<JobScheduleOptions>>().Value.HoldExpiryInterval);
        });
        // Before the scheduler: decisions are loaded and open promotions being settled before the first cycle runs.
        services.AddHostedService<EngineStartup>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static void UseCluster(IQuartzBuilder q, IServiceCollection services, IConfiguration configuration, StoreOptions store)
    {
        var node = Node(services);
        var cluster = DurationBinding.Get<ClusterOptions>(configuration.GetSection(ClusterOptions.Section));
        // An unreadable connection string is reported by the store's options validation, with its key, before Quartz starts.
        var connectionString = PostgreSqlConnectionString.TryNormalize(store.ConnectionString ?? "", out var normalized, out _) ? normalized : "Host=invalid";
        q.ConfigureScheduler(o =>
        {
            o.InstanceName = SchedulerName;
            o.InstanceId = node.Id;
        });
        q.UsePersistentStore(s =>
        {
            s.UsePostgres(connectionString);
            s.UseSystemTextJsonSerializer();
            s.UseClustering(c =>
            {
                c.CheckinInterval = cluster.CheckinInterval;
                c.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
            });
        });
    }

    private static DeployerNode Node(IServiceCollection services) =>
        services.Select(d => d.ImplementationInstance).OfType<DeployerNode>().FirstOrDefault()
        ?? throw new InvalidOperationException("AddDeployerStore must be called before AddDeployerScheduling");
}
