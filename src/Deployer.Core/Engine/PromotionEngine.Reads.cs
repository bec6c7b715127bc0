using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Engine;

/// <summary>What a cycle and a one-pair operation both read before deciding: the holds, the check sources, a stage's place.</summary>
public sealed partial class PromotionEngine
{
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
