using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Integrations.World;

/// <summary>
/// <see cref="ICommitInfo"/> over the world file's <c>branches</c> (keys may be short shas). A commit not listed
/// falls back to the release's own branch; with neither, membership is unknown.
/// </summary>
public sealed class WorldCommitInfo(Func<WorldFile> world) : ICommitInfo
{
    private readonly Func<WorldFile> _world = world ?? throw new ArgumentNullException(nameof(world));

    public Task<BranchMembership> IsOnBranchAsync(ServiceManifest manifest, Release release, string branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(branch);
        var listed = WorldFile.ForCommit(_world().Branches, release.Commit).ToList();
        var membership = listed.Count > 0
            ? listed.Any(kv => kv.Value.Contains(branch, StringComparer.Ordinal)) ? BranchMembership.OnBranch : BranchMembership.NotOnBranch
            : release.Branch is { Length: > 0 } own
                ? string.Equals(own, branch, StringComparison.Ordinal) ? BranchMembership.OnBranch : BranchMembership.NotOnBranch
                : BranchMembership.Unknown;
        return Task.FromResult(membership);
    }
}
