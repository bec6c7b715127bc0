namespace Deployer.Bot.Notifications.Console;

/// <summary>Writes whole lines to a <see cref="TextWriter"/> (standard output by default), one at a time so lines never interleave.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "_gate is a SemaphoreSlim(1, 1) used only through WaitAsync/Release: it never allocates a wait handle, so Dispose frees nothing, and a lifetime singleton would risk ObjectDisposedException during shutdown")]
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
