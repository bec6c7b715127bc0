using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.GitHub;

/// <summary>
/// <see cref="ICommitInfo"/> over GitHub's compare API. A commit is on a branch when <c>branch...sha</c> is
/// <c>behind</c> or <c>identical</c>. Comparisons of two shas never change and are cached, and so is a sha found on a
/// branch (a branch only moves forward, so the commit stays on it; a blocked pair re-checks every cycle and would
/// otherwise ask GitHub each time). A sha not on the branch yet is asked again: the branch may reach it.
/// </summary>
public sealed class GitHubCommitInfo : ICommitInfo
{
    private const int MaxCommits = 10;
    private const int MaxCacheEntries = 5_000;

    private readonly GitHubApi _api;
    private readonly ConcurrentDictionary<string, CommitRange> _ranges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _onBranch = new(StringComparer.OrdinalIgnoreCase);

    internal GitHubCommitInfo(GitHubApi api) => _api = api;

    public async Task<BranchMembership> IsOnBranchAsync(ServiceManifest manifest, Release release, string branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentException.ThrowIfNullOrWhiteSpace(branch);
        var path = $"{GitHubApi.RepoPath(manifest)}/compare/{GitHubApi.Ref(branch)}...{GitHubApi.Ref(release.Commit)}";
        if (_onBranch.ContainsKey(path))
        {
            return BranchMembership.OnBranch;
        }

        var comparison = await _api.GetOrNullAsync<GitHubComparison>(path, cancellationToken)
            ?? throw new IntegrationException(GitHubApi.System,
                $"{manifest.Repository}: cannot compare {branch}...{release.ShortCommit} (404: the branch or the commit does not exist there)",
                System.Net.HttpStatusCode.NotFound);

        var membership = comparison.Status.ToLowerInvariant() switch
        {
            "behind" or "identical" => BranchMembership.OnBranch,
            "ahead" or "diverged" => BranchMembership.NotOnBranch,
            _ => throw new IntegrationException(GitHubApi.System, $"{manifest.Repository}: unexpected compare status '{comparison.Status}'"),
        };
        if (membership == BranchMembership.OnBranch && GitHubApi.IsSha(release.Commit))
        {
            if (_onBranch.Count >= MaxCacheEntries)
            {
                _onBranch.Clear();
            }

            _onBranch[path] = true;
        }

        return membership;
    }

    public async Task<CommitRange?> CompareAsync(ServiceManifest manifest, string baseCommit, string headCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseCommit);
        ArgumentException.ThrowIfNullOrWhiteSpace(headCommit);
        if (manifest.Repository is null)
        {
            return null;
        }

        var path = $"{GitHubApi.RepoPath(manifest)}/compare/{GitHubApi.Ref(baseCommit)}...{GitHubApi.Ref(headCommit)}";
        if (_ranges.TryGetValue(path, out var cached))
        {
            return cached;
        }

        if (await _api.GetOrNullAsync<GitHubComparison>(path, cancellationToken) is not { } comparison)
        {
            return null;
        }

        // GitHub lists oldest first; people want the newest, which are also the ones most likely to matter.
        var commits = (comparison.Commits ?? [])
            .TakeLast(MaxCommits)
            .Reverse()
            .Select(c => new CommitSummary(c.Sha, FirstLine(c.Commit.Message), c.Commit.Author?.Name))
            .ToList();
        // GitHub lists at most 250 commits but counts them all.
        var range = new CommitRange(comparison.HtmlUrl, commits) { TotalCommits = Math.Max(comparison.TotalCommits ?? 0, comparison.Commits?.Count ?? 0) };
        if (GitHubApi.IsSha(baseCommit) && GitHubApi.IsSha(headCommit))
        {
            if (_ranges.Count >= MaxCacheEntries)
            {
                _ranges.Clear();
            }

            _ranges[path] = range;
        }

        return range;
    }

    /// <summary>The latest run of each check on <paramref name="commit"/> (one page of 100: enough to name them in a message).</summary>
    public async Task<IReadOnlyList<CheckRunSummary>?> CheckRunsAsync(ServiceManifest manifest, string commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrWhiteSpace(commit);
        if (manifest.Repository is null)
        {
            return null;
        }

        var path = $"{GitHubApi.RepoPath(manifest)}/commits/{GitHubApi.Ref(commit)}/check-runs?filter=latest&per_page=100";
        if (await _api.GetOrNullAsync<GitHubCheckRuns>(path, cancellationToken) is not { } runs)
        {
            return null;
        }

        return runs.CheckRuns
            .Where(r => !string.IsNullOrWhiteSpace(r.Name))
            .GroupBy(r => r.Name!, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(r => r.StartedAt ?? DateTimeOffset.MinValue).First())
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new CheckRunSummary(r.Name!, r.Status, r.Conclusion))
            .ToList();
    }

    private static string FirstLine(string? message)
    {
        var text = (message ?? "").Trim();
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
