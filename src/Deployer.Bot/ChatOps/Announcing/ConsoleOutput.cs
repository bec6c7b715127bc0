namespace Deployer.Bot.ChatOps.Announcing;

/// <summary>The console writer of local mode (swappable in tests), serialized so lines never interleave.</summary>
internal sealed class ConsoleOutput(TextWriter writer)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WriteAsync(string text)
    {
        await _gate.WaitAsync();
        try
        {
            await writer.WriteLineAsync(text);
            await writer.FlushAsync();
        }
        finally
        {
            _gate.Release();
        }
    }
}
