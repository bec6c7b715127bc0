using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Scheduling;
using Deployer.Core.Manifests;
using Deployer.Integrations.Local;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Local;

/// <summary>
/// What the simulator job does each tick: the first tick (after the first cycle has seeded and promoted the pipelines)
/// lands a release on every local pipeline, later ticks on one picked at random. Each landing is announced the way a
/// Heroku webhook announces one: the pipeline is marked dirty and evaluated at once, not at the next cycle.
/// </summary>
public sealed class ReleaseSimulation(
    LocalReleaseSimulator simulator, IManifestCatalog catalog, CycleRunner cycles, DirtyPipelines dirty, IConsoleOutput output, TimeProvider time,
    ILogger<ReleaseSimulation> logger, BadReleaseSimulation? badReleases = null)
{
    private bool _landedOnce;

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        // Landing before the first cycle would replace the seeded releases, and the newcomer's first promotion with them.
        if (cycles.Status.Completed == 0)
        {
            logger.LogDebug("No cycle has run yet; the simulator waits");
            return;
        }

        IReadOnlyList<ServiceManifest> targets = _landedOnce
            ? (simulator.Pick(catalog.All) is { } one ? [one] : [])
            : catalog.All.Where(m => string.Equals(m.Platform.Kind, LocalPlatform.PlatformKind, StringComparison.OrdinalIgnoreCase)).ToList();
        _landedOnce = true;
        foreach (var manifest in targets)
        {
            var release = simulator.Land(manifest);
            var at = time.GetUtcNow().UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            await output.WriteLineAsync(
                $"{at} {manifest.Service} new release {release.ShortCommit} ({release.Branch}) landed on {manifest.Stages[0].Name} [local simulator; announced, evaluating now]",
                cancellationToken);
            dirty.Mark(manifest.Service);
        }

        if (badReleases is not null)
        {
            await badReleases.TickAsync(cancellationToken);
        }
    }
}
