namespace Deployer.Bot.ChatOps;

/// <summary>How the bot talks to people (<c>Slack:Mode</c>).</summary>
public enum ChatMode
{
    /// <summary>Decisions print to the console; commands typed on standard input run as a local user with every role.</summary>
    Console,

    /// <summary>A WebSocket to Slack (needs Slack:BotToken and Slack:AppToken); no public URL needed.</summary>
    SocketMode,

    /// <summary>Slack posts to /slack/commands, /slack/interactions and /slack/events (needs Slack:BotToken and Slack:SigningSecret).</summary>
    Http,
}
