using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using LiteDB;

namespace Deployer.Bot.Store;

/// <summary>
/// Test results reported to <c>POST /api/test-results</c>, served to the engine as an <see cref="ITestResults"/> source.
/// The newest report of a suite for a commit wins; a report naming a service only counts for that service.
/// </summary>
public sealed class LiteDbTestResultStore : ITestResultStore
{
    public const string CollectionName = "test_results";
    private readonly ILiteCollection<TestResultDocument> _results;

    public LiteDbTestResultStore(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _results = database.GetCollection<TestResultDocument>(CollectionName);
        _results.EnsureIndex(r => r.ShortCommit);
    }

    /// <summary>Records one suite result for a commit (full or at least 7 characters).</summary>
    public Task RecordAsync(string? service, TestResult result, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Commit.Length < 7)
        {
            throw new ArgumentException("a commit needs at least 7 characters", nameof(result));
        }

        _results.Insert(new TestResultDocument
        {
            Service = string.IsNullOrWhiteSpace(service) ? null : service.ToLowerInvariant(),
            Commit = result.Commit.ToLowerInvariant(),
            ShortCommit = ShortOf(result.Commit),
            Suite = result.Suite,
            Status = result.Status.ToString(),
            CompletedAtTicks = result.CompletedAt?.UtcTicks,
            Url = result.Url,
            ReceivedAtTicks = receivedAt.UtcTicks,
        });
        return Task.CompletedTask;
    }

    public Task<TestResult?> GetAsync(ServiceManifest manifest, string commit, string suite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(suite);
        if (commit.Length < 7)
        {
            return Task.FromResult<TestResult?>(null);
        }

        var shortCommit = ShortOf(commit);
        var service = manifest.Service.ToLowerInvariant();
        var newest = _results.Find(r => r.ShortCommit == shortCommit)
            .Where(r => string.Equals(r.Suite, suite, StringComparison.OrdinalIgnoreCase)
                && (r.Service is null || r.Service == service)
                && Release.CommitsMatch(r.Commit, commit))
            .MaxBy(r => r.Id);
        return Task.FromResult(newest is null ? null : new TestResult(
            newest.Suite,
            commit,
            Enum.Parse<TestRunStatus>(newest.Status),
            newest.CompletedAtTicks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null,
            newest.Url));
    }

    private static string ShortOf(string commit) => commit[..7].ToLowerInvariant();
}
