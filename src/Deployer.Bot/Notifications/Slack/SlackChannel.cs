using Deployer.Bot.Notifications.Slack.Outbox;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// Slack modes' channel: the oldest queued event is rendered into Slack calls and written to the Slack outbox in the
/// same transaction that removes it from the queue; the outbox dispatcher then sends them, paced and retried.
/// </summary>
internal sealed class SlackChannel(IOutboxStore outbox, SlackRenderer renderer, OutboxSignal signal) : INotificationChannel
{
    public async Task<bool> DeliverOldestAsync(CancellationToken cancellationToken)
    {
        if (!outbox.ExpandOldest(renderer.Render))
        {
            return false;
        }

        await signal.WakeAsync();
        return true;
    }
}
