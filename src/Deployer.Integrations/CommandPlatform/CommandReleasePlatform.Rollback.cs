using System.Globalization;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// Rollback on the command platform: the manifest's optional <c>platform.rollback</c>, run like <c>platform.promote</c>
/// (once per target, in order, gated on its durable record, adopted after a restart) with <c>DEPLOYER_TARGET</c>,
/// <c>DEPLOYER_COMMIT</c> (the commit to return to), <c>DEPLOYER_RELEASE</c> (that release's id) and
/// <c>DEPLOYER_VERSION</c>. Without the field rollbacks are refused.
/// </summary>
public sealed partial class CommandReleasePlatform
{
    public string? CannotRollBack(ServiceManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return string.IsNullOrWhiteSpace(manifest.Platform.Rollback)
            ? $"{manifest.Service} has no platform.rollback command; add one to its manifest, or return the targets by hand"
            : null;
    }

    public async Task<PromotionResult> RollbackAsync(RollbackPlan request, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recordExternalId);
        var manifest = request.Manifest;
        if (CannotRollBack(manifest) is { } cannot)
        {
            return PromotionResult.Failure($"{System}: {cannot}", request.TargetNames);
        }

        PruneOldRuns();
        var record = new CommandRunRecord(Guid.NewGuid().ToString("N")[..16], []);
        var results = new List<TargetPromotionResult>(request.Targets.Count);
        string? failure = null;
        for (var i = 0; i < request.Targets.Count; i++)
        {
            var previous = request.Targets[i];
            if (failure is not null)
            {
                results.Add(new TargetPromotionResult(previous.Target, false, "not attempted: an earlier target failed"));
                continue;
            }

            var environment = Environment(manifest, previous.Target);
            environment["DEPLOYER_COMMIT"] = previous.Commit;
            environment["DEPLOYER_RELEASE"] = previous.ReleaseId;
            environment["DEPLOYER_VERSION"] = previous.Version.ToString(CultureInfo.InvariantCulture);
            var run = await GatedPromoteRunner.RunAsync(
                manifest.Platform.Rollback!, environment, WorkingDirectory(manifest), Folder(record, i), Timeout(manifest), _time,
                async process =>
                {
                    record = record.With(previous.Target, process);
                    await recordExternalId(record.ToString());
                },
                cancellationToken);
            if (run.Succeeded)
            {
                results.Add(new TargetPromotionResult(previous.Target, true, null));
                continue;
            }

            var error = Describe("rollback", previous.Target, run, manifest);
            results.Add(new TargetPromotionResult(previous.Target, false, error));
            failure = $"{System}: {error}";
        }

        return failure is null
            ? new PromotionResult(true, "rolled back " + string.Join(", ", request.Targets.Select(t => $"{t.Target} to {t.ShortCommit} ({t.ReleaseId})")), results)
            : new PromotionResult(false, failure, results);
    }

    /// <summary>A rollback's run record has the promote's shape: adopt or read it the same way.</summary>
    public Task<PromotionResult?> ResumeRollbackAsync(ServiceManifest manifest, string externalId, RollbackPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ResumeAsync(manifest, externalId, plan.TargetNames, cancellationToken);
    }
}
