using Deployer.Bot.Health;
using Deployer.Bot.Notifications.Slack.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Deployer.Bot.Extensions;

/// <summary>Registers the <c>/healthz</c> components and the store monitor that stops jobs once the store fails.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// Store, scheduler, cycles, manifests, outside sources; Slack delivery when the outbox is in use; the Socket Mode
    /// link in Socket Mode.
    /// </summary>
    public static IServiceCollection AddDeployerHealth(this IServiceCollection services)
    {
        services.TryAddSingleton<StoreMonitor>();
        services.AddSingleton<IHealthContributor, StoreHealthContributor>();
        services.AddSingleton<IHealthContributor, SchedulerHealthContributor>();
        services.AddSingleton<IHealthContributor, CycleHealthContributor>();
        services.AddSingleton<IHealthContributor, ManifestHealthContributor>();
        services.AddSingleton<IHealthContributor, OutsideSourcesHealthContributor>();
        services.AddSingleton<IHealthContributor, ClusterHealthContributor>();
        services.AddSingleton<IHealthContributor, SnapshotHealthContributor>();
        if (services.Any(d => d.ServiceType == typeof(OutboxDispatcher)))
        {
            services.AddSingleton<IHealthContributor, SlackDeliveryHealthContributor>();
        }

        if (services.Any(d => d.ImplementationType == typeof(Slack.SocketModeHostedService)))
        {
            services.AddSingleton<IHealthContributor, SocketModeHealthContributor>();
        }

        services.AddQuartz(q =>
        {
            q.AddTriggerListener<StoreVetoListener>();
            q.AddJobListener<StoreVetoListener>();
        });
        return services;
    }
}
