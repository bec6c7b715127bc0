using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.GitHub;

/// <summary>What the adapter reads for a change list: the compare's total count, and a commit's check runs.</summary>
public sealed class GitHubChangeListTests : IAsyncLifetime
{
    private const string Compare = $"/api/v3/repos/acme/router/compare/{GitHubFake.OtherSha}...{GitHubFake.Sha}";
    private const string CheckRuns = $"/api/v3/repos/acme/router/commits/{GitHubFake.Sha}/check-runs";
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

    private ICommitInfo Info => _services.GetRequiredService<ICommitInfo>();

    /// <summary>A compare body as GitHub sends it for a long range: 250 commits listed (oldest first), more counted.</summary>
    public static string CompareBody(int total, int listed = 250)
    {
        var commits = Enumerable.Range(1, listed).Select(i =>
            "{\"sha\":\"" + i.ToString("x7", System.Globalization.CultureInfo.InvariantCulture) + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"," +
            "\"commit\":{\"message\":\"Change " + i + "\\n\\nbody\",\"author\":{\"name\":\"Dev " + (i % 5) + "\"}}}");
        return "{\"status\":\"ahead\",\"ahead_by\":" + total + ",\"total_commits\":" + total +
            ",\"html_url\":\"https://github.com/acme/router/compare/2222222...1111111\",\"commits\":[" + string.Join(",", commits) + "]}";
    }

    [Fact]
    public async Task Compare_keeps_the_total_github_counts_beyond_the_250_it_lists()
    {
        _server.OnJson("GET", Compare, CompareBody(412));

        var range = await Info.CompareAsync(Manifests.WithRepository("acme/router"), GitHubFake.OtherSha, GitHubFake.Sha, CancellationToken.None);

        Assert.NotNull(range);
        Assert.Equal(412, range.TotalCommits);
        Assert.Equal(10, range.Commits.Count);
        Assert.Equal(new CommitSummary("00000faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Change 250", "Dev 0"), range.Commits[0]);
    }

    [Fact]
    public async Task Check_runs_are_the_latest_of_each_name_sorted_with_status_and_conclusion()
    {
        _server.OnJson("GET", CheckRuns, """
            {"total_count":4,"check_runs":[
              {"id":1,"name":"lint","status":"completed","conclusion":"failure","started_at":"2024-05-01T10:00:00Z"},
              {"id":2,"name":"build","status":"completed","conclusion":"success","started_at":"2024-05-01T10:00:00Z"},
              {"id":3,"name":"e2e","status":"in_progress","conclusion":null,"started_at":"2024-05-01T10:05:00Z"},
              {"id":4,"name":"lint","status":"completed","conclusion":"success","started_at":"2024-05-01T10:10:00Z"}]}
            """);

        var runs = await Info.CheckRunsAsync(Manifests.WithRepository("acme/router"), GitHubFake.Sha, CancellationToken.None);

        Assert.Equal(
            [new CheckRunSummary("build", "completed", "success"), new CheckRunSummary("e2e", "in_progress", null), new CheckRunSummary("lint", "completed", "success")],
            runs);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(["latest"], request.QueryValues("filter"));
        Assert.Equal(["100"], request.QueryValues("per_page"));
    }

    [Fact]
    public async Task Check_runs_of_a_manifest_without_repository_are_not_asked()
    {
        Assert.Null(await Info.CheckRunsAsync(Manifests.WithRepository(null), GitHubFake.Sha, CancellationToken.None));
        Assert.Null(await Info.CompareAsync(Manifests.WithRepository(null), GitHubFake.OtherSha, GitHubFake.Sha, CancellationToken.None));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_server_error_on_compare_throws_with_githubs_message()
    {
        _server.OnJson("GET", Compare, """{"message":"Server Error"}""", 500);

        var ex = await Assert.ThrowsAsync<IntegrationException>(() =>
            Info.CompareAsync(Manifests.WithRepository("acme/router"), GitHubFake.OtherSha, GitHubFake.Sha, CancellationToken.None));

        Assert.Contains("500", ex.Message, StringComparison.Ordinal);
    }
}
