using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>One channel message an event turns into, keyed so later events update it in place or reply in its thread.</summary>
internal sealed record SlackCall(SlackCallKind Kind, string Channel, string Key, SlackMessage Message);
