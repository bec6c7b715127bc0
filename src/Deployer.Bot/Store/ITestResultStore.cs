using Deployer.Core.Ports;

namespace Deployer.Bot.Store;

/// <summary>Test results pushed to <c>POST /api/test-results</c>, served back to the engine as an <see cref="ITestResults"/> source.</summary>
public interface ITestResultStore : ITestResults
{
    /// <summary>Records one suite result for a commit (full or at least 7 characters).</summary>
    Task RecordAsync(string? service, TestResult result, DateTimeOffset receivedAt, CancellationToken cancellationToken);
}
