using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Commands;

/// <summary>A command's answer: what goes in the acknowledgement now, and the work whose answer follows later.</summary>
internal sealed record CommandReply(SlackMessage? Now, Func<CancellationToken, Task<SlackMessage>>? Later = null);
