using System.Collections.Concurrent;
using System.Diagnostics;
using Deployer.Core.Audit;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Core.Engine;

/// <summary>
/// The stateless promotion cycle: snapshot every pipeline, decide each adjacent pair, promote the ones whose checks
/// all pass, and announce only what changed. Pairs are independent; pipelines run with bounded parallelism.
/// </summary>
public sealed class PromotionEngine
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
    private readonly ConcurrentDictionary<string, PairDecision> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _hydrate = new(1, 1);
    private bool _hydrated;

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
        _executor = new PromotionExecutor(platforms, state, options, time, _logger);
    }

    /// <summary>The newest decision for every pair, including ones that did not change (for status displays).</summary>
    public IReadOnlyList<PairDecision> LatestDecisions => [.. _latest.Values];

    public PairDecision? Latest(string pairKey) => _latest.TryGetValue(pairKey, out var d) ? d : null;

    public IManifestCatalog Catalog => _catalog;

    /// <summary>What a cycle would decide now, promoting and recording nothing.</summary>
    public Task<CycleReport> PlanAsync(string? service, CancellationToken cancellationToken) =>
        EvaluateAllAsync(Select(service), act: false, cancellationToken);

    /// <summary>One full cycle: decide, promote what passes, record and announce changes.</summary>
    public async Task<CycleReport> RunCycleAsync(CancellationToken cancellationToken)
    {
        await HydrateAsync(cancellationToken);
        return await EvaluateAllAsync(_catalog.All, act: true, cancellationToken);
    }

    /// <summary>Evaluates one pair now (for force-promote requests and status).</summary>
    public async Task<PairDecision> EvaluatePairAsync(ServiceManifest manifest, string toStage, CancellationToken cancellationToken)
    {
        var to = manifest.FindStage(toStage) ?? throw new ArgumentException($"{manifest.Service} has no stage '{toStage}'", nameof(toStage));
        var index = IndexOf(manifest, to);
        if (index == 0)
        {
            throw new ArgumentException($"{to.Name} is the first stage of {manifest.Service}: nothing promotes into it", nameof(toStage));
        }

        var now = _time.GetUtcNow();
        var sources = NewSources([manifest], cancellationToken);
        var snapshot = await _snapshots.ReadAsync(manifest, cancellationToken);
        var (holds, holdsError) = await ReadHoldsAsync(manifest.Service, now, cancellationToken);
        return await _evaluator.EvaluatePairAsync(manifest, manifest.Stages[index - 1], to, snapshot, holds, sources, now, cancellationToken, holdsError);
    }

    /// <summary>
    /// Promotes the pair's upstream release now, bypassing checks and holds (an operator's decision, already authorized).
    /// </summary>
    public async Task<PairDecision> ForcePromoteAsync(PairDecision decision, PromotionTrigger trigger, string actor, string reason, CancellationToken cancellationToken)
    {
        var manifest = _catalog.Find(decision.Service) ?? throw new ArgumentException($"unknown service {decision.Service}", nameof(decision));
        var result = await _executor.PromoteAsync(manifest, decision, trigger, actor, reason, cancellationToken);
        await RecordAsync(result, cancellationToken);
        return result;
    }

    /// <summary>Settles promotion intents left open by a crash: resume, confirm against the platform, or abandon.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken) => await await StartReconcileAsync(cancellationToken);

    /// <summary>Reads the open intents now; the returned task settles them while cycles run (their pairs stay refused).</summary>
    public Task<Task<int>> StartReconcileAsync(CancellationToken cancellationToken) => _executor.StartReconcileAsync(_catalog, cancellationToken);

    private IReadOnlyList<ServiceManifest> Select(string? service) =>
        service is null ? _catalog.All : _catalog.Find(service) is { } m ? [m] : [];

    private async Task<CycleReport> EvaluateAllAsync(IReadOnlyList<ServiceManifest> manifests, bool act, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        var sources = NewSources(manifests, cancellationToken);
        var (holds, holdsError) = await ReadHoldsAsync(null, now, cancellationToken);
        var holdsByService = holds.ToLookup(h => h.Service, StringComparer.OrdinalIgnoreCase);
        var decisions = new ConcurrentBag<(int Order, PairDecision Decision)>();
        var errors = new ConcurrentBag<string>();
        if (holdsError is not null)
        {
            errors.Add($"cannot read holds: {holdsError}");
        }

        var changed = 0;
        var order = manifests.Select((m, i) => (m, i)).ToDictionary(x => x.m.Service, x => x.i, StringComparer.OrdinalIgnoreCase);

        await Parallel.ForEachAsync(
            manifests,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken },
            async (manifest, ct) =>
            {
                try
                {
                    var snapshot = await _snapshots.ReadAsync(manifest, ct);
                    var serviceHolds = holdsByService[manifest.Service].ToList();
                    var pairs = await _evaluator.EvaluateAsync(manifest, snapshot, serviceHolds, sources, now, ct, holdsError);
                    foreach (var (decision, index) in pairs.Select((d, i) => (d, i)))
                    {
                        var final = decision;
                        try
                        {
                            final = act ? await ActAsync(manifest, decision, ct) : decision;
                            if (act && await RecordAsync(final, ct))
                            {
                                Interlocked.Increment(ref changed);
                            }
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                        {
                            // One pair's store or notifier trouble must not cost the other pairs their decision.
                            _logger.LogError(ex, "Acting on {Pair} failed", decision.PairKey);
                            errors.Add($"{decision.PairKey}: {ex.Message}");
                        }

                        // Pipelines in catalog order, pairs in stage order, however the parallel work finished.
                        decisions.Add(((order[manifest.Service] * 1000) + index, final));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    _logger.LogError(ex, "Cycle failed for {Service}", manifest.Service);
                    errors.Add($"{manifest.Service}: {ex.Message}");
                }
            });

        var ordered = decisions.OrderBy(d => d.Order).Select(d => d.Decision).ToList();
        return new CycleReport(ordered, errors.ToList(), _time.GetElapsedTime(started), sources.OutsideCalls) { Changed = changed };
    }

    private async Task<PairDecision> ActAsync(ServiceManifest manifest, PairDecision decision, CancellationToken cancellationToken)
    {
        var previous = Latest(decision.PairKey);
        if (decision.Kind != DecisionKind.Promote)
        {
            return decision;
        }

        // A promotion of this very commit already failed: do not hammer the platform every cycle.
        if (decision.Upstream is { } up && await PreviousFailureAsync(decision, previous, up, cancellationToken) is { } failure)
        {
            return decision with { Kind = DecisionKind.Failed, Detail = failure };
        }

        if (await _executor.InFlightAsync(decision.PairKey, cancellationToken))
        {
            return decision with { Kind = DecisionKind.Promoting, Detail = PromotionExecutor.InFlight };
        }

        var promoting = decision with { Kind = DecisionKind.Promoting, Detail = "automatic" };
        await RecordAsync(promoting, cancellationToken);
        return await _executor.PromoteAsync(manifest, decision, PromotionTrigger.Automatic, "engine", "all checks passed", cancellationToken);
    }

    /// <summary>
    /// Why <paramref name="upstream"/> must not be promoted again automatically, or null. The last decision is not
    /// enough: a cycle in between (an alert firing, a hold) replaces it, so the ledger is the memory of failures.
    /// </summary>
    private async Task<string?> PreviousFailureAsync(PairDecision decision, PairDecision? previous, Release upstream, CancellationToken cancellationToken)
    {
        if (previous is { Kind: DecisionKind.Failed } failed && failed.Commit is { } c && Release.CommitsMatch(c, upstream.Commit))
        {
            return failed.Detail;
        }

        var recent = await _state.Ledger.GetRecentAsync(decision.Service, 100, cancellationToken) ?? [];
        var last = recent.FirstOrDefault(i => string.Equals(i.PairKey, decision.PairKey, StringComparison.OrdinalIgnoreCase));
        return last is { Outcome: PromotionOutcome.Failed } && Release.CommitsMatch(last.Commit, upstream.Commit)
            ? $"promotion of {upstream.ShortCommit} failed at {Reasons.At(last.CompletedAt ?? last.StartedAt, _time.GetUtcNow())}, not retried automatically: {last.Message}"
            : null;
    }

    /// <summary>Keeps the newest decision; stores, audits and announces it only when it differs from the last one.</summary>
    private async Task<bool> RecordAsync(PairDecision decision, CancellationToken cancellationToken)
    {
        var previous = Latest(decision.PairKey);
        _latest[decision.PairKey] = decision;
        if (previous is not null && previous.Signature == decision.Signature && previous.Detail == decision.Detail)
        {
            return false;
        }

        await _state.Decisions.SaveAsync(decision, cancellationToken);
        await _state.Audit.AppendAsync(new AuditEntry
        {
            At = decision.At,
            Service = decision.Service,
            Kind = AuditKind.Decision,
            Actor = "engine",
            Pair = decision.PairLabel,
            Commit = decision.Upstream?.ShortCommit,
            Summary = DecisionText.OneLine(decision),
        }, cancellationToken);
        foreach (var notifier in _state.Notifiers)
        {
            try
            {
                await notifier.DecisionChangedAsync(previous, decision, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Notifier {Notifier} failed for {Pair}", notifier.GetType().Name, decision.PairKey);
            }
        }

        return true;
    }

    /// <summary>Active holds, or why they cannot be read: an unreadable hold store blocks every pair (fail closed) instead of failing the cycle.</summary>
    private async Task<(IReadOnlyList<Hold> Holds, string? Error)> ReadHoldsAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return (await _state.Holds.GetActiveAsync(service, now, cancellationToken), null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(ex, "Cannot read holds");
            return ([], ex.Message);
        }
    }

    private CycleSources NewSources(IEnumerable<ServiceManifest> manifests, CancellationToken cancellationToken)
    {
        var tests = _sources.Tests.ToList();
        return new CycleSources(
            manifests, _sources.Alerts, _sources.Incidents,
            tests.Count switch { 0 => null, 1 => tests[0], _ => new CompositeTestResults(tests) },
            _sources.Commits.FirstOrDefault(),
            cancellationToken);
    }

    private async Task HydrateAsync(CancellationToken cancellationToken)
    {
        if (_hydrated)
        {
            return;
        }

        await _hydrate.WaitAsync(cancellationToken);
        try
        {
            if (!_hydrated)
            {
                foreach (var decision in await _state.Decisions.GetAllAsync(null, cancellationToken))
                {
                    _latest.TryAdd(decision.PairKey, decision);
                }

                _hydrated = true;
            }
        }
        finally
        {
            _hydrate.Release();
        }
    }

    private static int IndexOf(ServiceManifest manifest, StageSpec stage)
    {
        for (var i = 0; i < manifest.Stages.Count; i++)
        {
            if (ReferenceEquals(manifest.Stages[i], stage))
            {
                return i;
            }
        }

        return -1;
    }
}
