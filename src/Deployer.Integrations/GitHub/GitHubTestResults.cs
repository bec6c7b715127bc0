using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.GitHub;

/// <summary>
/// <see cref="ITestResults"/> over GitHub: the latest check run named after the suite, else the commit status whose
/// <c>context</c> is the suite, else null. A passed result is cached (a failed one can still be re-run).
/// </summary>
public sealed class GitHubTestResults : ITestResults
{
    private const int MaxCacheEntries = 5_000;

    private readonly GitHubApi _api;
    private readonly ConcurrentDictionary<string, TestResult> _passed = new(StringComparer.OrdinalIgnoreCase);

    internal GitHubTestResults(GitHubApi api) => _api = api;

    public async Task<TestResult?> GetAsync(ServiceManifest manifest, string commit, string suite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrWhiteSpace(commit);
        ArgumentException.ThrowIfNullOrWhiteSpace(suite);
        var repo = GitHubApi.RepoPath(manifest);
        var key = $"{repo}|{commit}|{suite}";
        if (_passed.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = await FromCheckRunsAsync(manifest, repo, commit, suite, cancellationToken)
            ?? await FromStatusesAsync(manifest, repo, commit, suite, cancellationToken);
        if (result?.Status == TestRunStatus.Passed)
        {
            if (_passed.Count >= MaxCacheEntries)
            {
                _passed.Clear();
            }

            _passed[key] = result;
        }

        return result;
    }

    private async Task<TestResult?> FromCheckRunsAsync(ServiceManifest manifest, string repo, string commit, string suite, CancellationToken cancellationToken)
    {
        var path = $"{repo}/commits/{GitHubApi.Ref(commit)}/check-runs?check_name={Uri.EscapeDataString(suite)}&filter=latest";
        var runs = await _api.GetOrNullAsync<GitHubCheckRuns>(path, cancellationToken) ?? throw NotFound(manifest, commit);
        var run = runs.CheckRuns.OrderByDescending(r => r.StartedAt ?? DateTimeOffset.MinValue).FirstOrDefault();
        if (run is null)
        {
            return null;
        }

        var status = !string.Equals(run.Status, "completed", StringComparison.OrdinalIgnoreCase)
            ? TestRunStatus.Pending
            : string.Equals(run.Conclusion, "success", StringComparison.OrdinalIgnoreCase) ? TestRunStatus.Passed : TestRunStatus.Failed;
        return new TestResult(suite, commit, status, status == TestRunStatus.Pending ? null : run.CompletedAt, run.HtmlUrl);
    }

    private async Task<TestResult?> FromStatusesAsync(ServiceManifest manifest, string repo, string commit, string suite, CancellationToken cancellationToken)
    {
        var combined = await _api.GetOrNullAsync<GitHubCombinedStatus>($"{repo}/commits/{GitHubApi.Ref(commit)}/status", cancellationToken)
            ?? throw NotFound(manifest, commit);
        var status = combined.Statuses
            .Where(s => string.Equals(s.Context, suite, StringComparison.Ordinal))
            .OrderByDescending(s => s.UpdatedAt ?? DateTimeOffset.MinValue)
            .FirstOrDefault();
        if (status is null)
        {
            return null;
        }

        var state = status.State.ToLowerInvariant() switch
        {
            "success" => TestRunStatus.Passed,
            "failure" or "error" => TestRunStatus.Failed,
            "pending" => TestRunStatus.Pending,
            _ => throw new IntegrationException(GitHubApi.System, $"{manifest.Repository}: unexpected status state '{status.State}' for {suite}"),
        };
        return new TestResult(suite, commit, state, state == TestRunStatus.Pending ? null : status.UpdatedAt, status.TargetUrl);
    }

    private static IntegrationException NotFound(ServiceManifest manifest, string commit) =>
        new(GitHubApi.System, $"{manifest.Repository}: commit {commit} not found (404)", System.Net.HttpStatusCode.NotFound);
}
