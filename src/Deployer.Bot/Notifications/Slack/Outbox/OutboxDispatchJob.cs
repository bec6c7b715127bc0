using Quartz;

namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>Runs the outbox dispatcher: on its interval, and at once whenever a message is queued.</summary>
[DisallowConcurrentExecution]
internal sealed class OutboxDispatchJob(OutboxDispatcher dispatcher, OutboxSignal signal) : IJob
{
    public static readonly JobKey Key = new("chatops-outbox", "chatops");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // A wake-up that arrives while this run is busy may be skipped by the scheduler: go round again for it.
        do
        {
            signal.Consumed();
            await dispatcher.DispatchAsync(cancellationToken);
        }
        while (signal.IsPending && !cancellationToken.IsCancellationRequested);
    }
}
