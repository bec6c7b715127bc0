using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Deployer.Integrations.Heroku;

/// <summary>
/// <see cref="IReleasePlatform"/> <c>heroku</c>: targets are apps of the manifest's <c>platform.pipeline</c>.
/// A snapshot costs one call per pipeline (<c>latest-releases</c>; slugs are cached, apps the answer lacks are read
/// one by one). Sweep reads are paced by <see cref="HerokuSweepPacer"/>; reads outside the sweep (webhooks, plan,
/// status) wait only when the budget is spent. Promotions go through <c>pipeline-promotions</c> and are polled to the end.
/// </summary>
public sealed class HerokuPlatform : IReleasePlatform, IReadPacer
{
    public const string PlatformKind = "heroku";

    private readonly HerokuApi _api;
    private readonly HerokuOptions _options;
    private readonly TimeProvider _time;
    private readonly HerokuSweepPacer _pacer;
    private readonly HerokuReleaseReader _reader;
    private readonly HerokuRollback _rollback;
    private readonly ConcurrentDictionary<string, int> _permits = new(StringComparer.OrdinalIgnoreCase);

    internal HerokuPlatform(HerokuApi api, IOptions<HerokuOptions> options, TimeProvider timeProvider, HerokuSweepPacer pacer)
    {
        _api = api;
        _options = options.Value;
        _time = timeProvider;
        _pacer = pacer;
        _reader = new HerokuReleaseReader(api, _options);
        _rollback = new HerokuRollback(api, _options, timeProvider);
    }

    public string Kind => PlatformKind;

    /// <summary>The sweep's pacing, for metrics and tests.</summary>
    public HerokuSweepPacer Pacer => _pacer;

    public bool TryAcquireSweepRead(ServiceManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!_pacer.TryAcquire())
        {
            return false;
        }

        _permits.AddOrUpdate(manifest.Service, 1, (_, n) => n + 1);
        return true;
    }

    public async Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var acquired = TakePermit(manifest.Service);
        var targets = manifest.Stages.SelectMany(s => s.Targets).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var states = new Dictionary<string, TargetState>(StringComparer.OrdinalIgnoreCase);

        // A sweep read asked the pacer already; anything else is wanted now and may use the reserve, but not a spent budget.
        if (!acquired && _api.Budget.ShouldDefer(1, out var remaining, out var retryAfter))
        {
            var error = $"{HerokuApi.System}: rate budget spent ({remaining} calls left), deferring for ~{IntegrationHttp.Format(retryAfter)}";
            foreach (var target in targets)
            {
                states[target] = new TargetState(target, null, error);
            }

            return new PipelineSnapshot(manifest.Service, states, _time.GetUtcNow());
        }

        using var tally = _api.Count();
        try
        {
            foreach (var state in await _reader.ReadPipelineAsync(manifest, targets, cancellationToken))
            {
                states[state.Target] = state;
            }
        }
        finally
        {
            _pacer.Charge(tally.Calls - (acquired ? 1 : 0));
        }

        return new PipelineSnapshot(manifest.Service, states, _time.GetUtcNow());
    }

    /// <summary>
    /// A release a webhook delivered for <paramref name="target"/>, resolved when its pipeline is evaluated (one slug
    /// call at most, none when the slug is cached, as it is after a promotion copied it).
    /// </summary>
    internal IAnnouncedRelease Announce(string target, HerokuRelease release) => new AnnouncedHerokuRelease(this, target, release);

    /// <summary>The app id known for a target name, without calling Heroku.</summary>
    internal string? KnownAppId(string target) => _api.KnownAppId(target);

    internal Task<TargetState> ResolveAsync(string target, HerokuRelease release, CancellationToken cancellationToken) =>
        _reader.ToStateAsync(target, release, cancellationToken);

    private bool TakePermit(string service)
    {
        while (_permits.TryGetValue(service, out var n))
        {
            if (n <= 1 ? _permits.TryRemove(new KeyValuePair<string, int>(service, n)) : _permits.TryUpdate(service, n - 1, n))
            {
                return true;
            }
        }

        return false;
    }

    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recordExternalId);
        if (string.IsNullOrWhiteSpace(request.Manifest.Platform.Pipeline))
        {
            return PromotionResult.Failure($"{HerokuApi.System}: {request.Manifest.Service} has no platform.pipeline", request.Targets);
        }

        HerokuPromotion promotion;
        try
        {
            // Heroku promotes whatever the source runs *now*; refuse if that is no longer the release we decided on.
            var current = await _reader.ReadTargetAsync(request.SourceTarget, cancellationToken);
            if (current.Release is not { } running || !running.SameCommitAs(request.Release))
            {
                var now = current.Release?.ShortCommit ?? current.Error ?? "nothing";
                return PromotionResult.Failure(
                    $"{HerokuApi.System}: {request.SourceTarget} now runs {now}, not {request.Release.ShortCommit}; not promoting", request.Targets);
            }

            var sourceId = await _api.ResolveAppIdAsync(request.SourceTarget, cancellationToken);
            var targetIds = new List<string>(request.Targets.Count);
            foreach (var target in request.Targets)
            {
                targetIds.Add(await _api.ResolveAppIdAsync(target, cancellationToken));
            }

            var body = new HerokuPromotionBody(
                new HerokuIdRef(request.Manifest.Platform.Pipeline),
                new HerokuAppRef(new HerokuIdRef(sourceId)),
                targetIds.Select(id => new HerokuAppRef(new HerokuIdRef(id))).ToList());
            promotion = await _api.PostAsync<HerokuPromotion>("pipeline-promotions", body, cancellationToken);
        }
        catch (IntegrationException ex)
        {
            return PromotionResult.Failure(ex.Message, request.Targets);
        }

        await recordExternalId(promotion.Id);
        try
        {
            return await PollAsync(promotion.Id, request.Targets, cancellationToken);
        }
        catch (IntegrationException ex)
        {
            return PromotionResult.Failure($"{ex.Message} (promotion {promotion.Id})", request.Targets);
        }
    }

    public async Task<PromotionResult?> ResumeAsync(ServiceManifest manifest, string externalId, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        ArgumentNullException.ThrowIfNull(targets);
        return await PollAsync(externalId, targets, cancellationToken);
    }

    /// <summary>Heroku rolls any app back to any earlier release of its own (see <see cref="HerokuRollback"/>).</summary>
    public string? CannotRollBack(ServiceManifest manifest) => null;

    public Task<PromotionResult> RollbackAsync(RollbackPlan request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recordExternalId);
        return _rollback.RunAsync(request, recordExternalId, cancellationToken);
    }

    public Task<PromotionResult?> ResumeRollbackAsync(ServiceManifest manifest, string externalId, RollbackPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        ArgumentNullException.ThrowIfNull(plan);
        return _rollback.ResumeAsync(externalId, plan, cancellationToken);
    }

    private async Task<PromotionResult> PollAsync(string promotionId, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        // Ids are cached by the time a fresh promotion polls; on resume a failure here throws, so the engine reports
        // "could not confirm" instead of calling a promotion failed that may well have succeeded.
        var idToTarget = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in targets)
        {
            idToTarget[await _api.ResolveAppIdAsync(target, cancellationToken)] = target;
        }

        var deadline = _time.GetUtcNow() + _options.PromotionTimeout;
        string? lastError = null;
        while (true)
        {
            try
            {
                var items = await _api.GetPagedAsync<HerokuPromotionTarget>(
                    $"pipeline-promotions/{IntegrationHttp.Segment(promotionId)}/promotion-targets", null, cancellationToken);
                if (items.Count > 0 && !items.Any(i => string.Equals(i.Status, "pending", StringComparison.OrdinalIgnoreCase)))
                {
                    return Outcome(promotionId, items, targets, idToTarget);
                }

                lastError = null;
            }
            catch (IntegrationException ex) when (ex.IsTransient)
            {
                // A blip while polling does not decide the promotion: keep asking until the deadline.
                lastError = ex.Message;
            }
            catch (IntegrationException ex)
            {
                return PromotionResult.Failure($"{ex.Message} (promotion {promotionId})", targets);
            }

            if (_time.GetUtcNow() >= deadline)
            {
                var why = lastError is null ? "" : $"; last error: {lastError}";
                return PromotionResult.Failure(
                    $"{HerokuApi.System}: promotion {promotionId} still pending after {IntegrationHttp.Format(_options.PromotionTimeout)}{why}", targets);
            }

            await Task.Delay(_options.PollInterval, _time, cancellationToken);
        }
    }

    private static PromotionResult Outcome(
        string promotionId, IReadOnlyList<HerokuPromotionTarget> items, IReadOnlyList<string> targets, Dictionary<string, string> idToTarget)
    {
        var byTarget = new Dictionary<string, HerokuPromotionTarget>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (item.App.Id is { } id && idToTarget.TryGetValue(id, out var target))
            {
                byTarget[target] = item;
            }
        }

        var results = targets.Select(t => byTarget.TryGetValue(t, out var item)
                ? string.Equals(item.Status, "succeeded", StringComparison.OrdinalIgnoreCase)
                    ? new TargetPromotionResult(t, true, null)
                    : new TargetPromotionResult(t, false, item.ErrorMessage ?? $"promotion {item.Status}")
                : new TargetPromotionResult(t, false, $"not part of promotion {promotionId}"))
            .ToList();
        var failed = results.Where(r => !r.Succeeded).ToList();
        return failed.Count == 0
            ? new PromotionResult(true, $"promoted to {string.Join(", ", targets)} (promotion {promotionId})", results)
            : new PromotionResult(false, $"{HerokuApi.System}: promotion {promotionId} failed on " + string.Join("; ", failed.Select(f => $"{f.Target}: {f.Error}")), results);
    }
}
