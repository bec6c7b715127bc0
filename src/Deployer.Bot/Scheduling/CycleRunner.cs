using Deployer.Bot.Telemetry;
using Deployer.Core.Engine;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Scheduling;

/// <summary>
/// Runs promotion cycles for the Quartz job: settles promotion intents left open by a crash before it decides anything
/// (once per process with one node; before every cycle in a cluster, where the cycle may land on any node after another
/// died), and every run records its metrics and status.
/// </summary>
public sealed class CycleRunner(
    PromotionEngine engine, DeployerMetrics metrics, TimeProvider time, ILogger<CycleRunner> logger, IClusterState? cluster = null)
{
    private readonly SemaphoreSlim _reconcile = new(1, 1);
    private CycleStatus _status = CycleStatus.None;
    private bool _reconciled;

    public CycleStatus Status => Volatile.Read(ref _status);

    /// <summary>Settles open promotion intents once per process (in a cluster: those of dead nodes, every call).</summary>
    public async Task EnsureReconciledAsync(CancellationToken cancellationToken)
    {
        var everyCycle = cluster?.Clustered ?? false;
        if (!everyCycle && Volatile.Read(ref _reconciled))
        {
            return;
        }

        await _reconcile.WaitAsync(cancellationToken);
        try
        {
            if (everyCycle || !_reconciled)
            {
                var settled = await engine.ReconcileAsync(cancellationToken);
                if (settled > 0)
                {
                    logger.LogWarning("Settled {Count} promotion(s) left open by a stopped node", settled);
                }

                Volatile.Write(ref _status, Status with { Reconciled = (Status.Reconciled ?? 0) + settled });
                Volatile.Write(ref _reconciled, true);
            }
        }
        finally
        {
            _reconcile.Release();
        }
    }

    public async Task<CycleReport?> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            await EnsureReconciledAsync(cancellationToken);
            var report = await engine.RunCycleAsync(cancellationToken);
            metrics.CycleCompleted(report);
            foreach (var error in report.Errors)
            {
                logger.LogWarning("Cycle error: {Error}", error);
            }

            var previous = Status;
            Volatile.Write(ref _status, previous with
            {
                Completed = previous.Completed + 1,
                LastStartedAt = startedAt,
                LastCompletedAt = time.GetUtcNow(),
                LastDuration = report.Duration,
                LastDecisions = report.Decisions.Count,
                LastChanged = report.Changed,
                LastErrors = report.Errors,
            });
            if (cluster is not null)
            {
                await cluster.RecordCycleAsync(startedAt, time.GetUtcNow(), cancellationToken);
            }

            return report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.CycleFailed(time.GetElapsedTime(started));
            logger.LogError(ex, "Promotion cycle failed");
            Volatile.Write(ref _status, Status with { LastStartedAt = startedAt, LastErrors = [ex.Message] });
            return null;
        }
    }
}
