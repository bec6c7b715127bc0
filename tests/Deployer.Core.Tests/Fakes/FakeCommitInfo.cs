using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Core.Tests.Fakes;

/// <summary>Branch membership per (commit, branch); unset pairs are NotOnBranch.</summary>
public sealed class FakeCommitInfo : ICommitInfo
{
    private int _calls;

    public int Calls => _calls;
    public ConcurrentDictionary<(string Commit, string Branch), BranchMembership> Membership { get; } = new();
    public Exception? Failure { get; set; }

    public FakeCommitInfo On(string commit, string branch, BranchMembership membership = BranchMembership.OnBranch)
    {
        Membership[(commit, branch)] = membership;
        return this;
    }

    public Task<BranchMembership> IsOnBranchAsync(ServiceManifest manifest, Release release, string branch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Failure is { } failure)
        {
            return Task.FromException<BranchMembership>(failure);
        }

        return Task.FromResult(Membership.TryGetValue((release.Commit, branch), out var m) ? m : BranchMembership.NotOnBranch);
    }
}
