namespace Deployer.Bot.Notifications.Console;

/// <summary>Where local mode prints its lines (standard output; a capturing writer in tests).</summary>
public interface IConsoleOutput
{
    Task WriteLineAsync(string line, CancellationToken cancellationToken);
}
