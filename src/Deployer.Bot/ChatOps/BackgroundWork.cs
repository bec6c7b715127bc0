using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.ChatOps;

/// <summary>
/// Runs the slow half of a command after Slack got its acknowledgement, tracked so shutdown waits for it (bounded by
/// the host's shutdown timeout) and failures are logged, never lost.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "_stopping is a plain CancellationTokenSource (no timer, not linked): Dispose frees nothing, and disposing a lifetime singleton would race StopAsync")]
internal sealed class BackgroundWork(ILogger<BackgroundWork> logger) : IHostedService
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    public int Running => _running.Count;

    public void Run(string what, Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work(_stopping.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                logger.LogError(ex, "Background work {What} failed", what);
            }
        });
        _running.TryAdd(task, 0);
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopping with {Count} command(s) still running", _running.Count);
            await _stopping.CancelAsync();
        }
    }
}
