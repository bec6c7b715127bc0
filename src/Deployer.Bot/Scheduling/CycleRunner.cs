using System.Runtime.CompilerServices;
using Deployer.Bot.Health;
using Deployer.Bot.Telemetry;
using Deployer.Core.Engine;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Scheduling;

/// <summary>
/// Runs promotion cycles for the Quartz job: settles promotion intents left open by a crash before it decides anything
/// (once per process with one node; before every cycle in a cluster, where the cycle may land on any node after another
/// died), and every run records its metrics and status.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "_reconcile is a SemaphoreSlim(1, 1) used only through WaitAsync/Release: it never allocates a wait handle, so Dispose frees nothing, and a lifetime singleton would risk ObjectDisposedException during shutdown")]
public sealed class CycleRunner(
    PromotionEngine engine, DeployerMetrics metrics, TimeProvider time, ILogger<CycleRunner> logger, IClusterState? cluster = null, StoreMonitor? store = null,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime? lifetime = null)
{
    private readonly SemaphoreSlim _reconcile = new(1, 1);
    private CycleStatus _status = CycleStatus.None;
    private bool _reconciled;

    private StrongBox<int>? _settled;

    public CycleStatus Status => Volatile.Read(ref _settled) is { } settled ? Volatile.Read(ref _status) with { Reconciled = settled.Value } : Volatile.Read(ref _status);

    /// <summary>
    /// Starts settling the promotion intents an earlier process left open, once per process; later calls return at once.
    /// In a cluster it settles, before every cycle and to the end, those of nodes that left the cluster.
    /// The intents are read before any cycle runs; settling them (which may wait for an adopted script) goes on in the
    /// background while cycles run, their pairs refused by the open intents until settled.
    /// </summary>
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
                if (everyCycle)
                {
                    var settled = await engine.ReconcileAsync(cancellationToken);
                    if (settled > 0)
                    {
                        logger.LogWarning("Settled {Count} promotion(s) left open by a stopped node", settled);
                    }

                    Volatile.Write(ref _status, Status with { Reconciled = (Status.Reconciled ?? 0) + settled });
                    return;
                }

                var settling = await engine.StartReconcileAsync(cancellationToken);
                Volatile.Write(ref _reconciled, true);
                _ = RecordSettledAsync(settling);
            }
        }
        finally
        {
            _reconcile.Release();
        }
    }

    private async Task RecordSettledAsync(Task<int> settling)
    {
        try
        {
            var settled = await settling;
            if (settled > 0)
            {
                logger.LogWarning("Settled {Count} promotion(s) left open by the last run", settled);
            }

            Volatile.Write(ref _settled, new StrongBox<int>(settled));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Settling promotions left open by the last run failed; they stay open and block their pairs until the next start");
        }
    }

    public async Task<CycleReport?> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        if (store?.Damage is { } damage)
        {
            // No promotions without a ledger.
            Volatile.Write(ref _status, Status with { LastStartedAt = startedAt, LastErrors = [$"store damaged, cycle not run: {damage}"] });
            return null;
        }

        try
        {
            await EnsureReconciledAsync(cancellationToken);
            // A stopping host starts no further pipeline: SIGTERM ends a 1,000-pipeline cycle within the pipelines under
            // way (their promotions finish) instead of after all of them, which outlasted a 5 s grace period.
            var report = await engine.RunCycleAsync(cancellationToken, lifetime?.ApplicationStopping ?? default);
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
            store?.Observe(ex);
            logger.LogError(ex, "Promotion cycle failed");
            Volatile.Write(ref _status, Status with { LastStartedAt = startedAt, LastErrors = [ex.Message] });
            return null;
        }
    }
}
