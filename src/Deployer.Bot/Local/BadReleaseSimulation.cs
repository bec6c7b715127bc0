using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Scheduling;
using Deployer.Core.Checks;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Verification;
using Deployer.Integrations.Local;
using Deployer.Integrations.World;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Local;

/// <summary>
/// Local mode's bad releases (issue 15): once per promoted release that starts verifying, with probability
/// <c>Local:Simulator:BadReleaseRatio</c>, adds a firing alert to the world for that stage (an Alertmanager alert of
/// the manifest that applies there), for <c>Local:Simulator:BadReleaseAlertFor</c>, so the newcomer sees a failed
/// verification, an automatic hold and a rejected commit within minutes.
/// </summary>
public sealed class BadReleaseSimulation(
    IManifestCatalog catalog, IVerificationStore verifications, SimulatedAlerts alerts, DirtyPipelines dirty, IConsoleOutput output,
    IOptions<LocalOptions> options, TimeProvider time, ILogger<BadReleaseSimulation> logger)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Random _random = options.Value.Simulator.Seed is { } seed ? new Random(seed + 1) : new Random();

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Simulator;
        if (settings.BadReleaseRatio <= 0)
        {
            return;
        }

        foreach (var manifest in catalog.All.Where(m => string.Equals(m.Platform.Kind, LocalPlatform.PlatformKind, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var verifying in (await verifications.GetAllAsync(manifest.Service, cancellationToken)).Where(v => v.State == VerificationState.Verifying))
            {
                if (!_seen.Add($"{verifying.Key}|{verifying.IntentId}|{verifying.Commit}") || _random.NextDouble() >= settings.BadReleaseRatio)
                {
                    continue;
                }

                if (manifest.FindStage(verifying.Stage) is not { } stage || AlertFor(manifest, stage) is not { } bad)
                {
                    logger.LogDebug("{Service} {Stage} has no alert the simulator can fire", manifest.Service, verifying.Stage);
                    continue;
                }

                var now = time.GetUtcNow();
                alerts.Add(bad.Alert, now + settings.BadReleaseAlertFor);
                await output.WriteLineAsync(
                    $"{now.UtcDateTime:HH:mm:ss} {manifest.Service} {verifying.ShortCommit} goes bad in {verifying.Stage}: alert \"{bad.Name}\" fires for {Reasons.Duration(settings.BadReleaseAlertFor)} [local simulator; Local:Simulator:BadReleaseRatio]",
                    cancellationToken);
                dirty.Mark(manifest.Service);
            }
        }
    }

    /// <summary>
    /// An enforced Alertmanager alert of <paramref name="stage"/> whose matchers are all equalities, as a world alert
    /// with exactly those labels; null when the stage watches none.
    /// </summary>
    public static (string Name, WorldAlert Alert)? AlertFor(ServiceManifest manifest, StageSpec stage)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        foreach (var spec in (manifest.EffectiveChecks(stage).Alerts ?? []).Where(a => a.AppliesTo(stage.Name) && a.Mode == CheckMode.Enforce && a.Source == WorldAlertSource.Alertmanager))
        {
            if (AlertMatcher.TryParseAll(spec.Matchers, out var matchers, out _) && matchers.Count > 0 && matchers.All(m => m.Operator == AlertMatchOperator.Equal))
            {
                var labels = matchers.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);
                labels.TryAdd("severity", "critical");
                labels["simulated"] = "bad-release";
                return (spec.Name, new WorldAlert(labels) { StartsAt = null });
            }
        }

        return null;
    }
}
