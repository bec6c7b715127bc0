using Microsoft.Extensions.Logging;
using Quartz;

namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>Wakes the outbox job when something is queued, at most one pending wake-up at a time.</summary>
internal sealed class OutboxSignal(ISchedulerFactory schedulers, ILogger<OutboxSignal> logger)
{
    private int _pending;

    public async Task WakeAsync()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        try
        {
            var scheduler = await schedulers.GetScheduler();
            await scheduler.TriggerJob(OutboxDispatchJob.Key);
            return;
        }
        catch (SchedulerException ex)
        {
            logger.LogWarning(ex, "Could not wake the outbox job; it runs on its interval anyway");
        }

        Consumed();
    }

    /// <summary>True when something was queued since the job last started.</summary>
    public bool IsPending => Volatile.Read(ref _pending) == 1;

    /// <summary>Called when the job starts: anything queued from now on needs a new wake-up.</summary>
    public void Consumed() => Volatile.Write(ref _pending, 0);
}
