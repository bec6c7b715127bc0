using LiteDB;
using Quartz;

namespace Deployer.Bot.Health;

/// <summary>
/// Vetoes every Quartz job while the store is damaged, so nothing acts without a ledger and no job fails each tick; and
/// reports a job's store failure to the <see cref="StoreMonitor"/>.
/// </summary>
internal sealed class StoreVetoListener(StoreMonitor monitor, LiteDatabase database) : ITriggerListener, IJobListener
{
    public string Name => "store-veto";

    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(!monitor.Probe(database));

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (jobException is not null)
        {
            monitor.Observe(jobException);
        }

        return ValueTask.CompletedTask;
    }
}
