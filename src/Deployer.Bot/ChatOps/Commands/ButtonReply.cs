using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Commands;

/// <summary>What a button press answers: a private reply to the presser (none when a modal opened instead), and optionally a replacement of the message the button was in.</summary>
internal sealed record ButtonReply(SlackMessage? Ephemeral, SlackMessage? Replacement = null);
