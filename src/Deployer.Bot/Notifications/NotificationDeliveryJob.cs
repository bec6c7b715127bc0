using Quartz;

namespace Deployer.Bot.Notifications;

/// <summary>Delivers what is still queued (after a restart, or after a delivery error) on <c>ChatOps:OutboxInterval</c>.</summary>
[DisallowConcurrentExecution]
internal sealed class NotificationDeliveryJob(EventDelivery delivery) : IJob
{
    public static readonly JobKey Key = new("notification-delivery", "deployer");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await delivery.DrainAsync(cancellationToken);
}
