using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Bot.Telemetry;

/// <summary>Measures a platform's snapshot, promote, rollback and resume calls; forwards its read pacing when it has one.</summary>
internal sealed class MeteredReleasePlatform(IReleasePlatform inner, DeployerMetrics metrics, TimeProvider time) : IReleasePlatform, IReadPacer
{
    public bool TryAcquireSweepRead(ServiceManifest manifest) => inner is not IReadPacer pacer || pacer.TryAcquireSweepRead(manifest);

    private string System => $"platform:{inner.Kind}";

    public string Kind => inner.Kind;

    public bool UnrecordedPromotionsNeverStarted => inner.UnrecordedPromotionsNeverStarted;

    public Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, System, "snapshot", () => inner.GetSnapshotAsync(manifest, cancellationToken));

    public Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, System, "promote", () => inner.PromoteAsync(request, recordExternalId, cancellationToken));

    public Task<PromotionResult?> ResumeAsync(ServiceManifest manifest, string externalId, IReadOnlyList<string> targets, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, System, "resume", () => inner.ResumeAsync(manifest, externalId, targets, cancellationToken));

    public string? CannotRollBack(ServiceManifest manifest) => inner.CannotRollBack(manifest);

    public Task<PromotionResult> RollbackAsync(RollbackPlan request, Func<string, Task> recordExternalId, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, System, "rollback", () => inner.RollbackAsync(request, recordExternalId, cancellationToken));

    public Task<PromotionResult?> ResumeRollbackAsync(ServiceManifest manifest, string externalId, RollbackPlan plan, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, System, "resume-rollback", () => inner.ResumeRollbackAsync(manifest, externalId, plan, cancellationToken));
}
