using Deployer.Bot.Notifications.Slack.Outbox;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// Slack modes' channel: the oldest queued event is rendered into Slack calls and written to the Slack outbox in the
/// same transaction that removes it from the queue; the outbox dispatcher then sends them, paced and retried. The user
/// group handle directory (for mentions of <c>@handle</c>) and the approvers (for direct messages) are refreshed first, outside the transaction.
/// </summary>
internal sealed class SlackChannel(IOutboxStore outbox, SlackRenderer renderer, OutboxSignal signal, IGroupHandles? groups = null, ApproverDirectory? approvers = null) : INotificationChannel
{
    public async Task<bool> DeliverOldestAsync(CancellationToken cancellationToken)
    {
        if (groups is not null && renderer.MentionsHandles)
        {
            await groups.RefreshAsync(cancellationToken);
        }

        if (approvers is not null)
        {
            await approvers.RefreshAsync(cancellationToken);
        }

        if (!outbox.ExpandOldest(renderer.Render))
        {
            return false;
        }

        await signal.WakeAsync();
        return true;
    }
}
