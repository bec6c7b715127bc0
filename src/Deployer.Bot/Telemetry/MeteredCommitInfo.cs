using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Bot.Telemetry;

/// <summary>Measures a source-control source's calls.</summary>
internal sealed class MeteredCommitInfo(ICommitInfo inner, DeployerMetrics metrics, TimeProvider time) : ICommitInfo
{
    public Task<BranchMembership> IsOnBranchAsync(ServiceManifest manifest, Release release, string branch, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, $"commits:{inner.GetType().Name}", "branch", () => inner.IsOnBranchAsync(manifest, release, branch, cancellationToken));

    public Task<CommitRange?> CompareAsync(ServiceManifest manifest, string baseCommit, string headCommit, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, $"commits:{inner.GetType().Name}", "compare", () => inner.CompareAsync(manifest, baseCommit, headCommit, cancellationToken));

    public Task<IReadOnlyList<CheckRunSummary>?> CheckRunsAsync(ServiceManifest manifest, string commit, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, $"commits:{inner.GetType().Name}", "check-runs", () => inner.CheckRunsAsync(manifest, commit, cancellationToken));
}
