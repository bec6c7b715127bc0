using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Integrations.Local;

/// <summary>
/// The local platform's simulated CI: every suite runs on every commit the local platform built, is pending until its
/// run ends, then passes or fails as the simulator decided. Commits the local platform never built are unknown here.
/// </summary>
public sealed class LocalTestResults(LocalPlatform platform, TimeProvider time) : ITestResults
{
    public Task<TestResult?> GetAsync(ServiceManifest manifest, string commit, string suite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(suite);
        if (platform.FindCommit(commit) is not { } built)
        {
            return Task.FromResult<TestResult?>(null);
        }

        var doneAt = new DateTimeOffset(built.TestsDoneAtTicks, TimeSpan.Zero);
        var result = time.GetUtcNow() < doneAt
            ? new TestResult(suite, commit, TestRunStatus.Pending, null)
            : new TestResult(suite, commit, built.TestsPass ? TestRunStatus.Passed : TestRunStatus.Failed, doneAt);
        return Task.FromResult<TestResult?>(result);
    }
}
