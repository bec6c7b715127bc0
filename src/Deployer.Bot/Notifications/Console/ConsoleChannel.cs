namespace Deployer.Bot.Notifications.Console;

/// <summary>
/// Local mode's channel: each queued event printed as a line on the console. The line is printed after the event
/// left the queue, so a crash in between loses a console line, never repeats one.
/// </summary>
internal sealed class ConsoleChannel(INotificationQueue queue, ConsoleRenderer renderer, IConsoleOutput output) : INotificationChannel
{
    public async Task<bool> DeliverOldestAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        if (!queue.TakeOldest(e => { if (renderer.Render(e) is { } line) { lines.Add(line); } }, INotificationQueue.BatchSize))
        {
            return false;
        }

        foreach (var line in lines)
        {
            await output.WriteLineAsync(line, cancellationToken);
        }

        return true;
    }
}
