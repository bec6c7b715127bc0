using System.Collections.Concurrent;
using Deployer.Bot.Notifications.Console;

namespace Deployer.Bot.Tests.Support;

/// <summary>An <see cref="IConsoleOutput"/> that keeps every line.</summary>
internal sealed class CapturedConsole : IConsoleOutput
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        _lines.Enqueue(line);
        return Task.CompletedTask;
    }
}
