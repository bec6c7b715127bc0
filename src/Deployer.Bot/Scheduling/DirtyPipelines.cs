using System.Collections.Concurrent;
using Deployer.Bot.Telemetry;
using Deployer.Core.Engine;
using Deployer.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Scheduling;

/// <summary>
/// Pipelines a platform said changed (a Heroku webhook, the local simulator): each is evaluated alone and at once,
/// without waiting for the cycle. A burst for one pipeline coalesces: while its evaluation runs, further marks only
/// ask for one more run after it. Different pipelines run side by side; the engine's per-pipeline gate keeps a dirty
/// evaluation and the cycle's from overlapping on the same pipeline.
/// </summary>
public sealed class DirtyPipelines(PromotionEngine engine, IOptions<EngineOptions> options, DeployerMetrics metrics, ILogger<DirtyPipelines> logger)
    : IHostedService, IDisposable
{
    // A webhook storm evaluates at most Engine:MaxParallelism pipelines at once, like a cycle.
    private readonly SemaphoreSlim _slots = new(options.Value.MaxParallelism, options.Value.MaxParallelism);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _again = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Marks <paramref name="service"/> dirty, with the release that was announced if any, and evaluates it now.</summary>
    public void Mark(string service, IAnnouncedRelease? announced = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        engine.Sweep.MarkDirty(service, announced);
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            if (_again.ContainsKey(service))
            {
                _again[service] = true;
                return;
            }

            _again[service] = false;

            // Under the lock, so the entry can never be overwritten by a run that already ended.
            _running[service] = Task.Run(() => RunAsync(service));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops taking marks and waits for the evaluations in flight (promotions finish or are left to the ledger).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stop.Cancel();
        }

        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _stop.Dispose();
        _slots.Dispose();
    }

    private async Task RunAsync(string service)
    {
        while (true)
        {
            try
            {
                CycleReport? report;
                await _slots.WaitAsync(_stop.Token);
                try
                {
                    report = await engine.EvaluateDirtyAsync(service, _stop.Token);
                }
                finally
                {
                    _slots.Release();
                }

                if (report is not null)
                {
                    metrics.DirtyEvaluated(report);
                    foreach (var error in report.Errors)
                    {
                        logger.LogWarning("Evaluating {Service} after a change: {Error}", service, error);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopping: the lock below ends the loop.
            }
            catch (Exception ex)
            {
                // The next cycle reads the pipeline anyway: a failed dirty evaluation loses nothing.
                logger.LogError(ex, "Evaluating {Service} after a change failed", service);
            }

            lock (_gate)
            {
                if (!_again.TryGetValue(service, out var again) || !again || _stop.IsCancellationRequested)
                {
                    _again.Remove(service);
                    _running.TryRemove(service, out _);
                    return;
                }

                _again[service] = false;
            }
        }
    }
}
