using Deployer.Core.Manifests;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;

namespace Deployer.Core.Ports;

/// <summary>Where releases run: reads a pipeline's targets and promotes releases between them.</summary>
public interface IReleasePlatform
{
    /// <summary>The <c>platform.kind</c> this serves: <c>local</c>, <c>heroku</c>, <c>command</c>, <c>world</c>.</summary>
    string Kind { get; }

    /// <summary>Every target's current release. A target that cannot be read carries an error instead of throwing.</summary>
    Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken);

    /// <summary>
    /// Promotes and waits for the outcome. <paramref name="recordExternalId"/> is called with the platform's own
    /// promotion id as soon as it exists, so a restart can resume instead of promoting again.
    /// </summary>
    Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken);

    /// <summary>
    /// True when a promotion whose platform id was never recorded provably never started, or died with the bot (the
    /// call runs in-process, or waits for the record before acting): a restart may then abandon it at once. False (the
    /// default) when an unrecorded call may still be running, e.g. an HTTP request the platform accepted just before a
    /// crash: a restart then watches the targets until the promotion timeout before giving up, never promoting again
    /// while the first call may still land.
    /// </summary>
    bool UnrecordedPromotionsNeverStarted => false;

    /// <summary>Resumes waiting on a promotion started before a restart; null when the platform cannot.</summary>
    Task<PromotionResult?> ResumeAsync(ServiceManifest manifest, string externalId, IReadOnlyList<string> targets, CancellationToken cancellationToken) =>
        Task.FromResult<PromotionResult?>(null);

    /// <summary>
    /// Why this platform cannot roll <paramref name="manifest"/>'s targets back (nothing is attempted then), or null when
    /// it can. By default a platform cannot.
    /// </summary>
    string? CannotRollBack(ServiceManifest manifest) => $"the {Kind} platform cannot roll back; return the targets to their previous release by hand";

    /// <summary>
    /// Returns each target of <paramref name="request"/> to its previous release and waits for the outcome.
    /// <paramref name="recordExternalId"/> is called with the platform's own id of the work as soon as it exists, so a
    /// restart can resume waiting instead of rolling back again.
    /// </summary>
    Task<PromotionResult> RollbackAsync(RollbackPlan request, Func<string, Task> recordExternalId, CancellationToken cancellationToken) =>
        Task.FromResult(PromotionResult.Failure(CannotRollBack(request.Manifest) ?? $"the {Kind} platform cannot roll back", [.. request.Targets.Select(t => t.Target)]));

    /// <summary>Resumes waiting on a rollback started before a restart; null when the platform cannot (the targets are then watched).</summary>
    Task<PromotionResult?> ResumeRollbackAsync(ServiceManifest manifest, string externalId, RollbackPlan plan, CancellationToken cancellationToken) =>
        Task.FromResult<PromotionResult?>(null);
}
