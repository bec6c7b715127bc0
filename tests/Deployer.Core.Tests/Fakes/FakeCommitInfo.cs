using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Core.Tests.Fakes;

/// <summary>
/// Branch membership per (commit, branch); unset pairs are NotOnBranch. Comparisons answer <see cref="Range"/> (null:
/// unknown), counted, optionally failing or held open by <see cref="CompareGate"/>; check runs answer <see cref="CheckRuns"/>.
/// </summary>
public sealed class FakeCommitInfo : ICommitInfo
{
    private int _calls;
    private int _compareCalls;
    private int _checkRunCalls;

    public int CompareCalls => _compareCalls;
    public int CheckRunCalls => _checkRunCalls;
    public ConcurrentQueue<(string Base, string Head)> Compared { get; } = new();
    public Func<string, string, CommitRange?>? Range { get; set; }
    public Exception? CompareFailure { get; set; }
    public Task? CompareGate { get; set; }
    public Func<string, IReadOnlyList<CheckRunSummary>?>? CheckRuns { get; set; }

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

    public async Task<CommitRange?> CompareAsync(ServiceManifest manifest, string baseCommit, string headCommit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _compareCalls);
        Compared.Enqueue((baseCommit, headCommit));
        if (CompareGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        return CompareFailure is { } failure ? throw failure : Range?.Invoke(baseCommit, headCommit);
    }

    public Task<IReadOnlyList<CheckRunSummary>?> CheckRunsAsync(ServiceManifest manifest, string commit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checkRunCalls);
        return Task.FromResult(CheckRuns?.Invoke(commit));
    }
}
