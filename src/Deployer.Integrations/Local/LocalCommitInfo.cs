using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Integrations.Local;

/// <summary>
/// <see cref="ICommitInfo"/> over the local platform's simulated history: the commits between two commits it built
/// (newest first, as the GitHub adapter gives them) and its simulated CI run as the check run <c>ci</c>. Branch
/// membership is not its to tell: it asks <paramref name="branches"/> (the world file), and without one says there is
/// no source-control source, exactly as when it was not registered.
/// </summary>
public sealed class LocalCommitInfo(LocalPlatform platform, TimeProvider time, ICommitInfo? branches = null) : ICommitInfo
{
    /// <summary>How far back a comparison walks (GitHub's compare lists at most 250 too).</summary>
    public const int MaxWalk = 250;

    private const int MaxListed = 10;

    public Task<BranchMembership> IsOnBranchAsync(ServiceManifest manifest, Release release, string branch, CancellationToken cancellationToken) =>
        branches?.IsOnBranchAsync(manifest, release, branch, cancellationToken)
            ?? Task.FromException<BranchMembership>(new Core.Engine.CheckDataException("no source-control source is configured"));

    /// <summary>Walks back from <paramref name="headCommit"/> to <paramref name="baseCommit"/>; null when either was not built here or base is not behind head.</summary>
    public Task<CommitRange?> CompareAsync(ServiceManifest manifest, string baseCommit, string headCommit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseCommit);
        ArgumentException.ThrowIfNullOrWhiteSpace(headCommit);
        if (platform.FindCommit(baseCommit) is null)
        {
            return Task.FromResult<CommitRange?>(null);
        }

        var listed = new List<CommitSummary>();
        var walked = 0;
        var current = platform.FindCommit(headCommit);
        while (current is not null && !Release.CommitsMatch(current.Id, baseCommit))
        {
            if (++walked > MaxWalk)
            {
                return Task.FromResult<CommitRange?>(null);
            }

            if (listed.Count < MaxListed)
            {
                listed.Add(new CommitSummary(current.Id, current.Title ?? "(no message)", current.Author));
            }

            current = current.Parent is { } parent ? platform.GetCommit(parent) : null;
        }

        return Task.FromResult(current is null ? null : new CommitRange(null, listed) { TotalCommits = walked });
    }

    /// <summary>The simulated CI run of <paramref name="commit"/> as one check run, <c>ci</c>; null for a commit not built here.</summary>
    public Task<IReadOnlyList<CheckRunSummary>?> CheckRunsAsync(ServiceManifest manifest, string commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (platform.FindCommit(commit) is not { } built)
        {
            return Task.FromResult<IReadOnlyList<CheckRunSummary>?>(null);
        }

        var run = time.GetUtcNow() < new DateTimeOffset(built.TestsDoneAtTicks, TimeSpan.Zero)
            ? new CheckRunSummary("ci", "in_progress", null)
            : new CheckRunSummary("ci", "completed", built.TestsPass ? "success" : "failure");
        return Task.FromResult<IReadOnlyList<CheckRunSummary>?>([run]);
    }
}
