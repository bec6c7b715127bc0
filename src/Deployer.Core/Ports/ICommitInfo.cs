using Deployer.Core.Manifests;
using Deployer.Core.Releases;

namespace Deployer.Core.Ports;

/// <summary>Source-control facts about commits (GitHub, the local world file).</summary>
public interface ICommitInfo
{
    /// <summary>Whether <paramref name="release"/>'s commit is on <paramref name="branch"/>. Throws when it cannot be told.</summary>
    Task<BranchMembership> IsOnBranchAsync(ServiceManifest manifest, Release release, string branch, CancellationToken cancellationToken);

    /// <summary>The commits from <paramref name="baseCommit"/> to <paramref name="headCommit"/>; null when unknown.</summary>
    Task<CommitRange?> CompareAsync(ServiceManifest manifest, string baseCommit, string headCommit, CancellationToken cancellationToken) =>
        Task.FromResult<CommitRange?>(null);

    /// <summary>The latest CI check runs of <paramref name="commit"/>; null when this source has none.</summary>
    Task<IReadOnlyList<CheckRunSummary>?> CheckRunsAsync(ServiceManifest manifest, string commit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CheckRunSummary>?>(null);
}
