using Deployer.Core.Manifests;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Heroku;

/// <summary>
/// Start-up check that every target of a <c>heroku</c> manifest is coupled to its <c>platform.pipeline</c> in the
/// stage the manifest puts it in. Returns one human-readable line per mismatch; none means all is well.
/// </summary>
public sealed class HerokuCouplingVerifier
{
    private readonly HerokuApi _api;

    internal HerokuCouplingVerifier(HerokuApi api) => _api = api;

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
            appId = await _api.ResolveAppIdAsync(target, cancellationToken);
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
}
