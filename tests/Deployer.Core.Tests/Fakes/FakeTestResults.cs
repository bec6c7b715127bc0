using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

public sealed class FakeTestResults : ITestResults
{
    private int _calls;

    public int Calls => _calls;
    public ConcurrentDictionary<(string Commit, string Suite), TestResult> Results { get; } = new();
    public Exception? Failure { get; set; }
    public Task? Answer { get; set; }

    public FakeTestResults Set(string commit, string suite, TestRunStatus status, DateTimeOffset? completedAt = null)
    {
        Results[(commit, suite)] = new TestResult(suite, commit, status, completedAt);
        return this;
    }

    public async Task<TestResult?> GetAsync(ServiceManifest manifest, string commit, string suite, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Answer is { } answer)
        {
            await answer.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return Results.TryGetValue((commit, suite), out var result) ? result : null;
    }
}
