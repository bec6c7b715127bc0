using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Announcing;

/// <summary>Where channel messages go: the Slack outbox, or the console in local mode.</summary>
internal interface IChannelAnnouncer
{
    /// <summary>Posts the message the first time <paramref name="key"/> is seen, and updates that same message afterwards.</summary>
    Task UpsertAsync(string channel, string key, SlackMessage message, CancellationToken cancellationToken);

    /// <summary>Replies in the thread of the message posted under <paramref name="parentKey"/>.</summary>
    Task ReplyAsync(string channel, string parentKey, SlackMessage message, CancellationToken cancellationToken);

    /// <summary>A one-off message.</summary>
    Task PostAsync(string channel, SlackMessage message, CancellationToken cancellationToken);
}
