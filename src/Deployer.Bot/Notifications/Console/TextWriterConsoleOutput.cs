namespace Deployer.Bot.Notifications.Console;

/// <summary>Writes whole lines to a <see cref="TextWriter"/> (standard output by default), one at a time so lines never interleave.</summary>
public sealed class TextWriterConsoleOutput(TextWriter writer) : IConsoleOutput
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await writer.WriteLineAsync(line);
            await writer.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
