namespace Deployer.Bot.ChatOps.Console;

/// <summary>Where local-mode commands are read from: standard input, or a test's reader.</summary>
internal sealed class ConsoleInput(TextReader reader)
{
    public TextReader Reader => reader;
}
