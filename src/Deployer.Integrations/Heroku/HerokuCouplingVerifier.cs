using Deployer.Core.Manifests;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Heroku;

/// <summary>
/// Start-up check that every target of a <c>heroku</c> manifest is coupled to its <c>platform.pipeline</c> in the
/// stage the manifest puts it in. Returns one human-readable line per mismatch; none means all is well.
/// It spends only what the sweep leaves of the account's shared budget: it waits whenever the budget is under
/// <see cref="HerokuOptions.RateLimitFloor"/> plus <see cref="HerokuOptions.SweepBurst"/> (a start-up burst of one call
/// per pipeline and per target used to run a low budget into 429s, then starve the first sweep), and it looks up only
/// the app ids not already learned from <c>latest-releases</c> answers, so once the sweep has read a pipeline its
/// check costs one call.
/// </summary>
public sealed class HerokuCouplingVerifier
{
    /// <summary>The shortest wait for the budget, so an estimate just under the floor does not spin.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private readonly HerokuApi _api;
    private readonly TimeProvider _time;
    private readonly int _floor;

    internal HerokuCouplingVerifier(HerokuApi api, HerokuOptions options, TimeProvider timeProvider)
    {
        _api = api;
        _floor = options.RateLimitFloor + options.SweepBurst;
        _time = timeProvider;
    }

    public async Task<IReadOnlyList<string>> VerifyAsync(IEnumerable<ServiceManifest> manifests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        var couplingsByPipeline = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var manifest in manifests.Where(m => string.Equals(m.Platform.Kind, HerokuPlatform.PlatformKind, StringComparison.OrdinalIgnoreCase)))
        {
            if (string.IsNullOrWhiteSpace(manifest.Platform.Pipeline))
            {
                problems.Add($"{manifest.Service}: platform.pipeline is not set");
                continue;
            }

            var pipeline = manifest.Platform.Pipeline;
            if (!couplingsByPipeline.TryGetValue(pipeline, out var stageByAppId))
            {
                try
                {
                    await WaitForBudgetAsync(cancellationToken);
                    var couplings = await _api.GetPagedAsync<HerokuCoupling>(
                        $"pipelines/{IntegrationHttp.Segment(pipeline)}/pipeline-couplings", null, cancellationToken);
                    stageByAppId = couplings
                        .Where(c => c.App.Id is not null)
                        .GroupBy(c => c.App.Id!, StringComparer.OrdinalIgnoreCase)
                        .ToDictionary(g => g.Key, g => g.First().Stage, StringComparer.OrdinalIgnoreCase);
                }
                catch (IntegrationException ex)
                {
                    problems.Add($"{manifest.Service}: cannot read the couplings of pipeline {pipeline}: {ex.Message}");
                    continue;
                }

                couplingsByPipeline[pipeline] = stageByAppId;
            }

            foreach (var stage in manifest.Stages)
            {
                foreach (var target in stage.Targets)
                {
                    problems.AddRange(await CheckTargetAsync(manifest.Service, pipeline, stage.Name, target, stageByAppId, cancellationToken));
                }
            }
        }

        return problems;
    }

    private async Task<IEnumerable<string>> CheckTargetAsync(
        string service, string pipeline, string stage, string target, Dictionary<string, string> stageByAppId, CancellationToken cancellationToken)
    {
        string appId;
        try
        {
            if (_api.KnownAppId(target) is null)
            {
                await WaitForBudgetAsync(cancellationToken);
            }

            appId = _api.KnownAppId(target) ?? await _api.ResolveAppIdAsync(target, cancellationToken);
        }
        catch (IntegrationException ex)
        {
            return [$"{service}: target {target} cannot be found: {ex.Message}"];
        }

        if (!stageByAppId.TryGetValue(appId, out var coupled))
        {
            return [$"{service}: target {target} is not coupled to pipeline {pipeline}"];
        }

        return string.Equals(coupled, stage, StringComparison.OrdinalIgnoreCase)
            ? []
            : [$"{service}: target {target} is coupled to stage '{coupled}' of pipeline {pipeline}, but the manifest puts it in '{stage}'"];
    }

    private async Task WaitForBudgetAsync(CancellationToken cancellationToken)
    {
        while (_api.Budget.ShouldDefer(_floor, out _, out var retryAfter))
        {
            await Task.Delay(retryAfter < MinimumWait ? MinimumWait : retryAfter, _time, cancellationToken);
        }
    }
}
