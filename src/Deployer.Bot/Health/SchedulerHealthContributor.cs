using Quartz;

namespace Deployer.Bot.Health;

/// <summary><c>scheduler</c>: Quartz must be running.</summary>
internal sealed class SchedulerHealthContributor(ISchedulerFactory schedulers) : IHealthContributor
{
    public string Name => "scheduler";

    public async ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var status = scheduler.Status;
            var detail = $"Quartz {status.ToString().ToLowerInvariant()}";
            return status == SchedulerStatus.Running ? ComponentHealth.Healthy(detail) : ComponentHealth.Unhealthy(detail);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ComponentHealth.Unhealthy(ex.Message);
        }
    }
}
