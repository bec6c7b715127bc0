using Deployer.Bot.ChatOps.Rendering;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Announcing;

/// <summary>Local mode: channel messages print to the console, labelled with their channel.</summary>
internal sealed class ConsoleAnnouncer(ConsoleOutput output) : IChannelAnnouncer
{
    public Task UpsertAsync(string channel, string key, SlackMessage message, CancellationToken cancellationToken) =>
        output.WriteAsync($"[{channel}] {ConsoleText.Render(message)}");

    public Task ReplyAsync(string channel, string parentKey, SlackMessage message, CancellationToken cancellationToken) =>
        output.WriteAsync($"[{channel}] ↳ {ConsoleText.Render(message)}");

    public Task PostAsync(string channel, SlackMessage message, CancellationToken cancellationToken) =>
        output.WriteAsync($"[{channel}] {ConsoleText.Render(message)}");
}
