using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// One channel message an event turns into, keyed so later events update it in place or reply in its thread.
/// <paramref name="Mention"/> marks a reply that mentions people: with <c>slack.threadUpdates: false</c> it is posted in
/// the channel instead of dropped like the other replies.
/// </summary>
internal sealed record SlackCall(SlackCallKind Kind, string Channel, string Key, SlackMessage Message, bool Mention = false);
