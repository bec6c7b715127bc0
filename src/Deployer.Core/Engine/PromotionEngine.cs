using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Deployer.Core.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Core.Engine;

/// <summary>
/// The stateless promotion cycle: sweep the pipelines (least recently read first, as far as each platform's read
/// budget allows), decide each adjacent pair, promote the ones whose checks all pass, and announce only what changed.
/// A pipeline a webhook marked dirty is evaluated alone, at once. Pairs are independent; pipelines run with bounded
/// parallelism, and one pipeline is never evaluated twice at the same time.
/// </summary>
public sealed partial class PromotionEngine
{
    private readonly IManifestCatalog _catalog;
    private readonly IPlatformRegistry _platforms;
    private readonly EngineSources _sources;
    private readonly EngineState _state;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PipelineEvaluator _evaluator;
    private readonly PromotionExecutor _executor;
    private readonly SnapshotReader _snapshots;
    private readonly DecisionLog _log;
    private readonly ChangeLists _changes;
    private readonly AutoPromoter _auto;
    private readonly DirtySnapshots _dirty;
    private readonly VerificationMonitor _verifier;
    private readonly BlockedWatch _blocked;
    private SweepReport _lastSweep = SweepReport.Empty;

    public PromotionEngine(
        IManifestCatalog catalog, IPlatformRegistry platforms, EngineSources sources, EngineState state,
        EngineOptions options, TimeProvider time, ILogger<PromotionEngine>? logger = null)
    {
        _catalog = catalog;
        _platforms = platforms;
        _sources = sources;
        _state = state;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<PromotionEngine>.Instance;
        _evaluator = new PipelineEvaluator(options.CheckTimeout, time);
        _snapshots = new SnapshotReader(platforms, options, time, _logger);
        _changes = new ChangeLists(catalog, sources.Commits, options.CheckTimeout, time, _logger);
        _log = new DecisionLog(state, _logger, _changes);
        _executor = new PromotionExecutor(platforms, state, options, time, _logger, _log);
        _auto = new AutoPromoter(_log, _executor, state, time);
        Sweep = new PipelineSweep(time);
        _dirty = new DirtySnapshots(_snapshots, Sweep, options, time);
        _verifier = new VerificationMonitor(state, options, time, _logger);
        _blocked = new BlockedWatch(state, options, _logger);
    }

    /// <summary>
    /// Loads the stored decisions, so a restart does not announce again what did not change. The host calls it once at
    /// start-up, before the first cycle; later calls return at once.
    /// </summary>
    public Task HydrateAsync(CancellationToken cancellationToken) => _log.HydrateAsync(cancellationToken);

    /// <summary>The newest decision for every pair, including ones that did not change (for status displays).</summary>
    public IReadOnlyList<PairDecision> LatestDecisions => _log.All;

    public PairDecision? Latest(string pairKey) => _log.Latest(pairKey);

    public IManifestCatalog Catalog => _catalog;

    /// <summary>When each pipeline was read, its last snapshot, and which ones a webhook marked dirty.</summary>
    public PipelineSweep Sweep { get; }

    /// <summary>How the last cycle's sweep went (pipelines read, skipped to save budget, busy, oldest picture).</summary>
    public SweepReport LastSweep => Volatile.Read(ref _lastSweep);

    /// <summary>
    /// What a cycle would decide now, promoting and recording nothing: one service is read afresh; the whole catalog is
    /// decided from the sweep's last snapshots where it has them.
    /// </summary>
    public async Task<CycleReport> PlanAsync(string? service, CancellationToken cancellationToken)
    {
        var manifests = Select(service);
        var run = await NewRunAsync(manifests, null, cancellationToken);
        await Parallel.ForEachAsync(
            manifests.Select((m, i) => (m, i)),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                // Planning every pipeline uses what the sweep last read (reading them all would spend a platform's
                // whole API budget); planning one pipeline reads it afresh.
                var snapshot = service is null && Sweep.Last(item.m.Service) is { } last ? last : await _snapshots.ReadAsync(item.m, ct);
                await DecideAsync(run, item.m, item.i, snapshot, act: false, ct);
            });
        return run.Report(_time.GetElapsedTime(run.Started));
    }

    /// <summary>
    /// One sweep: pipelines in fairness order (dirty, never read, least recently read), each read when its platform's
    /// budget allows; the ones not read keep their last decision, unannounced. Then decide, promote, record, announce.
    /// </summary>
    /// <param name="stopAdmitting">
    /// Once cancelled (the host is stopping), no further pipeline is started; those under way finish, with their
    /// promotions, and the report covers what was decided. <paramref name="cancellationToken"/> cancels the work itself.
    /// </param>
    public async Task<CycleReport> RunCycleAsync(CancellationToken cancellationToken, CancellationToken stopAdmitting = default)
    {
        var all = _catalog.All;
        var run = await NewRunAsync(all, null, cancellationToken);
        var order = all.Select((m, i) => (m, i)).ToDictionary(x => x.m.Service, x => x.i, StringComparer.OrdinalIgnoreCase);
        int read = 0, skipped = 0, busy = 0;

        // Parallel.ForEachAsync takes items in order, so the pipelines waiting longest ask the budget first.
        await Parallel.ForEachAsync(
            Sweep.Order(all, Sweep.IsDirty).TakeWhile(_ => !stopAdmitting.IsCancellationRequested),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken },
            async (manifest, ct) =>
            {
                if (!Sweep.TryEnter(manifest.Service))
                {
                    Interlocked.Increment(ref busy);
                    return;
                }

                try
                {
                    if (Sweep.TakeDirty(manifest.Service) is { } announced)
                    {
                        await DecideAsync(run, manifest, order[manifest.Service], await _dirty.SnapshotAsync(manifest, announced, ct), act: true, ct);
                    }
                    else if (Pacer(manifest) is { } pacer && !pacer.TryAcquireSweepRead(manifest))
                    {
                        Interlocked.Increment(ref skipped);
                        return;
                    }
                    else
                    {
                        await DecideAsync(run, manifest, order[manifest.Service], await ReadAsync(manifest, ct), act: true, ct);
                    }

                    Interlocked.Increment(ref read);
                }
                finally
                {
                    Sweep.Exit(manifest.Service);
                }
            });

        var sweep = new SweepReport(read, skipped, busy, Sweep.OldestAge(all, _time.GetUtcNow()));
        Volatile.Write(ref _lastSweep, sweep);
        return run.Report(_time.GetElapsedTime(run.Started)) with { Sweep = sweep };
    }

    /// <summary>
    /// Evaluates one pipeline a webhook marked dirty, alone and now (waiting only for an evaluation of the same
    /// pipeline already running). Uses the announced releases over the last snapshot, so it costs at most the calls
    /// needed to resolve them; a pipeline never read before is read whole. Null when a cycle took the mark first.
    /// </summary>
    public async Task<CycleReport?> EvaluateDirtyAsync(string service, CancellationToken cancellationToken)
    {
        if (_catalog.Find(service) is not { } manifest)
        {
            Sweep.TakeDirty(service);
            return null;
        }

        await Sweep.EnterAsync(manifest.Service, cancellationToken);
        try
        {
            if (Sweep.TakeDirty(manifest.Service) is not { } announced)
            {
                return null;
            }

            var run = await NewRunAsync([manifest], manifest.Service, cancellationToken);
            await DecideAsync(run, manifest, 0, await _dirty.SnapshotAsync(manifest, announced, cancellationToken), act: true, cancellationToken);
            return run.Report(_time.GetElapsedTime(run.Started));
        }
        finally
        {
            Sweep.Exit(manifest.Service);
        }
    }

    private IReadOnlyList<ServiceManifest> Select(string? service) =>
        service is null ? _catalog.All : _catalog.Find(service) is { } m ? [m] : [];

    /// <summary>The manifest's platform's read pacing, if it has one (an unknown platform fails its read instead).</summary>
    private IReadPacer? Pacer(ServiceManifest manifest)
    {
        try
        {
            return _platforms.For(manifest) as IReadPacer;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A run over <paramref name="manifests"/> with the active holds (of <paramref name="service"/>, or all) read once.</summary>
    private async Task<CycleRun> NewRunAsync(IReadOnlyList<ServiceManifest> manifests, string? service, CancellationToken cancellationToken)
    {
        var run = new CycleRun(_time.GetTimestamp(), _time.GetUtcNow(), NewSources(manifests, cancellationToken));
        var (holds, holdsError) = await ReadHoldsAsync(service, run.Now, cancellationToken);
        run.UseHolds(holds, holdsError);
        return run;
    }

    private Task<PipelineSnapshot> ReadAsync(ServiceManifest manifest, CancellationToken cancellationToken) =>
        _dirty.ReadAsync(manifest, cancellationToken);

    /// <summary>Decides every pair of one pipeline from its snapshot; acting promotes, records and announces.</summary>
    private async Task DecideAsync(CycleRun run, ServiceManifest manifest, int order, PipelineSnapshot snapshot, bool act, CancellationToken ct)
    {
        try
        {
            if (act)
            {
                // The change lists of new diffs are read alongside the checks, never in their way.
                _changes.Prefetch(manifest, snapshot);
            }

            var (verifications, verificationsError, holds) = await WatchAsync(run, manifest, snapshot, act, ct);
            if (verificationsError is null)
            {
                _verifications[manifest.Service] = verifications;
            }

            var pairs = await _evaluator.EvaluateAsync(manifest, snapshot, holds, run.Sources, run.Now, ct, run.HoldsError, verifications, verificationsError);
            foreach (var (decision, index) in pairs.Select((d, i) => (d, i)))
            {
                var final = decision;
                try
                {
                    final = act ? await _auto.ActAsync(manifest, decision, run.Now, ct) : decision;
                    if (final is { Kind: DecisionKind.Promoted, Upstream: { } promoted })
                    {
                        Sweep.Promoted(manifest.Service, final.TargetsToPromote, promoted, run.Now);
                    }

                    var previous = act ? _log.Latest(final.PairKey) : null;
                    if (act && await _log.RecordAsync(final, ct))
                    {
                        run.Changed();
                    }

                    if (act)
                    {
                        await _blocked.ObserveAsync(previous, final, run.Now, ct);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // One pair's store or notifier trouble must not cost the other pairs their decision.
                    _logger.LogError(ex, "Acting on {Pair} failed", decision.PairKey);
                    run.Error($"{decision.PairKey}: {ex.Message}");
                }

                // Pipelines in catalog order, pairs in stage order, however the parallel work finished.
                run.Add((order * 1000) + index, final);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogError(ex, "Cycle failed for {Service}", manifest.Service);
            run.Error($"{manifest.Service}: {ex.Message}");
        }
    }
}
