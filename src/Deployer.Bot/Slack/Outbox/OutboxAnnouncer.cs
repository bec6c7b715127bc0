using Deployer.Bot.ChatOps.Announcing;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Slack.Outbox;

/// <summary>Slack modes: channel messages are written to the durable outbox and the dispatcher is woken.</summary>
internal sealed class OutboxAnnouncer(IOutboxStore store, OutboxSignal signal) : IChannelAnnouncer
{
    public Task UpsertAsync(string channel, string key, SlackMessage message, CancellationToken cancellationToken)
    {
        store.Upsert(channel, key, SlackMessageJson.Serialize(message));
        return signal.WakeAsync();
    }

    public Task ReplyAsync(string channel, string parentKey, SlackMessage message, CancellationToken cancellationToken)
    {
        store.Reply(channel, parentKey, SlackMessageJson.Serialize(message));
        return signal.WakeAsync();
    }

    public Task PostAsync(string channel, SlackMessage message, CancellationToken cancellationToken)
    {
        store.Post(channel, SlackMessageJson.Serialize(message));
        return signal.WakeAsync();
    }
}
