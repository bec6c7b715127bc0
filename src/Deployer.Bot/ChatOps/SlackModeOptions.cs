namespace Deployer.Bot.ChatOps;

/// <summary>The chat-facing part of the <c>Slack</c> section; tokens and endpoints live in <see cref="Deployer.Slack.SlackOptions"/>.</summary>
public sealed class SlackModeOptions
{
    public const string Section = "Slack";

    public ChatMode Mode { get; set; } = ChatMode.Console;

    /// <summary>The slash command as configured in the Slack app.</summary>
    public string Command { get; set; } = "/deployer";
}
