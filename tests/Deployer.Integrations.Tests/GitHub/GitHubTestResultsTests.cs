using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.GitHub;

public sealed class GitHubTestResultsTests : IAsyncLifetime
{
    private const string CheckRuns = $"/api/v3/repos/acme/router/commits/{GitHubFake.Sha}/check-runs";
    private const string Status = $"/api/v3/repos/acme/router/commits/{GitHubFake.Sha}/status";
    private static readonly DateTimeOffset Completed = new(2024, 5, 1, 10, 30, 0, TimeSpan.Zero);
    private FakeHttpServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeHttpServer.StartAsync();
        _services = GitHubFake.Services(_server);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<TestResult?> ResultAsync() =>
        _services.GetRequiredService<ITestResults>().GetAsync(Manifests.WithRepository("acme/router"), GitHubFake.Sha, "e2e suite", CancellationToken.None);

    private void Run(string status, string? conclusion) => _server.OnJson("GET", CheckRuns, $$"""
        {"total_count":1,"check_runs":[{"id":1,"name":"e2e suite","status":"{{status}}","conclusion":{{(conclusion is null ? "null" : $"\"{conclusion}\"")}},
          "started_at":"2024-05-01T10:00:00Z","completed_at":{{(status == "completed" ? "\"2024-05-01T10:30:00Z\"" : "null")}},"html_url":"https://ci/1"}]}
        """);

    private void NoRuns() => _server.OnJson("GET", CheckRuns, """{"total_count":0,"check_runs":[]}""");

    [Fact]
    public async Task A_successful_check_run_passed_with_its_completion_time_and_is_cached()
    {
        Run("completed", "success");

        var result = await ResultAsync();
        var again = await ResultAsync();

        Assert.Equal(new TestResult("e2e suite", GitHubFake.Sha, TestRunStatus.Passed, Completed, "https://ci/1"), result);
        Assert.Same(result, again);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(["e2e suite"], request.QueryValues("check_name"));
        Assert.Equal(["latest"], request.QueryValues("filter"));
    }

    [Theory]
    [InlineData("failure")]
    [InlineData("cancelled")]
    [InlineData("timed_out")]
    public async Task A_completed_check_run_without_success_failed_and_is_asked_again_next_time(string conclusion)
    {
        Run("completed", conclusion);

        var result = await ResultAsync();
        await ResultAsync();

        Assert.Equal(TestRunStatus.Failed, result!.Status);
        Assert.Equal(Completed, result.CompletedAt);
        Assert.Equal(2, _server.Count("GET", CheckRuns));
    }

    [Fact]
    public async Task A_check_run_in_progress_is_pending()
    {
        Run("in_progress", null);

        Assert.Equal(TestRunStatus.Pending, (await ResultAsync())!.Status);
    }

    [Theory]
    [InlineData("success", TestRunStatus.Passed)]
    [InlineData("failure", TestRunStatus.Failed)]
    [InlineData("error", TestRunStatus.Failed)]
    [InlineData("pending", TestRunStatus.Pending)]
    public async Task Without_a_check_run_the_commit_status_of_that_context_decides(string state, TestRunStatus expected)
    {
        NoRuns();
        _server.OnJson("GET", Status, $$"""
            {"state":"{{state}}","statuses":[
              {"context":"lint","state":"success","updated_at":"2024-05-01T09:00:00Z"},
              {"context":"e2e suite","state":"{{state}}","updated_at":"2024-05-01T10:30:00Z","target_url":"https://ci/2"}]}
            """);

        var result = await ResultAsync();

        Assert.Equal(expected, result!.Status);
        Assert.Equal("https://ci/2", result.Url);
    }

    [Fact]
    public async Task Neither_check_run_nor_status_means_no_result_yet()
    {
        NoRuns();
        _server.OnJson("GET", Status, """{"state":"pending","statuses":[{"context":"lint","state":"success"}]}""");

        Assert.Null(await ResultAsync());
    }

    [Fact]
    public async Task A_server_error_is_retried_once_then_thrown()
    {
        _server.OnJson("GET", CheckRuns, """{"message":"Server Error"}""", 500);

        var ex = await Assert.ThrowsAsync<IntegrationException>(ResultAsync);

        Assert.Equal("GitHub: HTTP 500 Internal Server Error: Server Error", ex.Message);
        Assert.Equal(2, _server.Count("GET", CheckRuns));
    }

    [Fact]
    public async Task An_unknown_commit_throws_saying_so()
    {
        _server.OnJson("GET", CheckRuns, """{"message":"No commit found for SHA"}""", 404);

        var ex = await Assert.ThrowsAsync<IntegrationException>(ResultAsync);

        Assert.Equal($"GitHub: acme/router: commit {GitHubFake.Sha} not found (404)", ex.Message);
    }

    [Fact]
    public async Task Malformed_json_is_reported_as_such()
    {
        _server.OnJson("GET", CheckRuns, """{"total_count":1,"check_runs":[{"status":null}]}""");

        var ex = await Assert.ThrowsAsync<IntegrationException>(ResultAsync);

        Assert.StartsWith("GitHub: malformed JSON: ", ex.Message, StringComparison.Ordinal);
    }
}
