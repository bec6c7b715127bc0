using Deployer.Core.Ports;
using Deployer.Integrations.World;

namespace Deployer.Integrations.Tests.World;

public sealed class WorldTestResultsTests
{
    private const string Full = "9f1c2ab0d4e5f60718293a4b5c6d7e8f90a1b2c3";

    private static readonly WorldFile World = WorldSamples.Parse("""
        { "tests": {
            "9f1c2ab": [
              { "suite": "direwolf", "status": "failed", "completedAt": "2026-11-26T10:00:00Z" },
              { "suite": "unit", "status": "passed", "completedAt": "2026-11-26T10:05:00Z" },
              { "suite": "direwolf", "status": "passed", "completedAt": "2026-11-26T11:00:00Z", "url": "https://ci/1" }
            ],
            "1234567": { "suite": "direwolf", "status": "pending" }
        } }
        """);

    private static Task<TestResult?> GetAsync(string commit, string suite) =>
        new WorldTestResults(() => World).GetAsync(WorldSamples.Router, commit, suite, CancellationToken.None);

    [Fact]
    public async Task Full_sha_finds_results_stored_under_a_short_sha_and_the_last_listed_wins()
    {
        var result = await GetAsync(Full, "direwolf");

        Assert.Equal(TestRunStatus.Passed, result?.Status);
        Assert.Equal("https://ci/1", result?.Url);
        Assert.Equal(Full, result?.Commit);
    }

    [Fact]
    public async Task Suite_is_selected_by_name()
    {
        Assert.Equal(TestRunStatus.Passed, (await GetAsync("9f1c2ab", "unit"))?.Status);
        Assert.Null(await GetAsync("9f1c2ab", "e2e"));
    }

    [Fact]
    public async Task Pending_run_has_no_completion_time()
    {
        var result = await GetAsync("1234567", "direwolf");

        Assert.Equal(TestRunStatus.Pending, result?.Status);
        Assert.Null(result?.CompletedAt);
    }

    [Fact]
    public async Task Unknown_or_too_short_commit_has_no_result()
    {
        Assert.Null(await GetAsync("deadbeef", "direwolf"));
        Assert.Null(await GetAsync("9f1c2a", "direwolf"));
    }
}
