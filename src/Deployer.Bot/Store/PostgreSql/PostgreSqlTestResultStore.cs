using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// Reported test results in PostgreSQL, looked up by the commit's first 7 characters. The newest report of a suite for a
/// commit wins; a report naming a service only counts for that service (as in <see cref="LiteDbTestResultStore"/>).
/// </summary>
public sealed class PostgreSqlTestResultStore(NpgsqlDataSource dataSource) : ITestResultStore
{
    public Task RecordAsync(string? service, TestResult result, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Commit.Length < 7)
        {
            throw new ArgumentException("a commit needs at least 7 characters", nameof(result));
        }

        return PgJson.ExecuteAsync(dataSource,
            "INSERT INTO deployer_test_results (service, short_commit, commit, suite, doc) VALUES ($1, $2, $3, $4, $5)", cancellationToken,
            string.IsNullOrWhiteSpace(service) ? null : service.ToLowerInvariant(), result.Commit[..7].ToLowerInvariant(), result.Commit.ToLowerInvariant(),
            result.Suite.ToLowerInvariant(), PgJson.Parameter(new Row(result.Status, result.CompletedAt, result.Url, result.Suite, receivedAt)));
    }

    public async Task<TestResult?> GetAsync(ServiceManifest manifest, string commit, string suite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(suite);
        if (commit.Length < 7)
        {
            return null;
        }

        var rows = await PgJson.ListAsync(dataSource, """
            SELECT commit, doc FROM deployer_test_results
            WHERE short_commit = $1 AND suite = $2 AND (service IS NULL OR service = $3)
            ORDER BY id DESC
            """, r => (Commit: r.GetString(0), Row: PgJson.Read<Row>(r, 1)), cancellationToken,
            commit[..7].ToLowerInvariant(), suite.ToLowerInvariant(), manifest.Service.ToLowerInvariant());
        var newest = rows.FirstOrDefault(r => Release.CommitsMatch(r.Commit, commit));
        return newest.Row is null ? null : new TestResult(newest.Row.Suite, commit, newest.Row.Status, newest.Row.CompletedAt, newest.Row.Url);
    }

    /// <summary>The stored part of a report besides its key columns.</summary>
    private sealed record Row(TestRunStatus Status, DateTimeOffset? CompletedAt, string? Url, string Suite, DateTimeOffset ReceivedAt);
}
