namespace Deployer.Bot.Dashboard.Views;

/// <summary>What every page shows around its content.</summary>
/// <param name="ConsoleMode">True when <c>Slack:Mode</c> is <c>Console</c>: commands are typed on the bot's console.</param>
/// <param name="SlashCommand">The slash command (<c>/deployer</c>) shown in copyable commands.</param>
public sealed record PageChrome(string Title, bool ConsoleMode, string SlashCommand, DateTimeOffset Now);
