using Quartz;

namespace Deployer.Bot.Scheduling;

/// <summary>Fires <see cref="CycleJob"/> through the scheduler, so it still never overlaps a running cycle.</summary>
public sealed class QuartzCycleTrigger(ISchedulerFactory schedulers) : ICycleTrigger
{
    public async Task TriggerNowAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(CycleJob.Key, null, cancellationToken);
    }
}
