using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.Http;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.GitHub;

public sealed class GitHubCommitInfoTests : IAsyncLifetime
{
    private FakeHttpServer _server = null!;
    private string _timeout = "00:00:05";

    public async Task InitializeAsync() => _server = await FakeHttpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Release Release(string commit = GitHubFake.Sha) => new() { Commit = commit };

    private async Task<BranchMembership> OnBranchAsync(string branch = "main", string? repository = "acme/router")
    {
        using var services = GitHubFake.Services(_server, _timeout);
        return await services.GetRequiredService<ICommitInfo>().IsOnBranchAsync(Manifests.WithRepository(repository), Release(), branch, CancellationToken.None);
    }

    [Theory]
    [InlineData("behind", BranchMembership.OnBranch)]
    [InlineData("identical", BranchMembership.OnBranch)]
    [InlineData("ahead", BranchMembership.NotOnBranch)]
    [InlineData("diverged", BranchMembership.NotOnBranch)]
    public async Task Branch_membership_follows_the_compare_status(string status, BranchMembership expected)
    {
        _server.OnJson("GET", $"/api/v3/repos/acme/router/compare/main...{GitHubFake.Sha}", $$"""{"status":"{{status}}","ahead_by":0,"behind_by":3}""");

        Assert.Equal(expected, await OnBranchAsync());
    }

    [Theory]
    [InlineData("behind", 1)]
    [InlineData("identical", 1)]
    [InlineData("ahead", 3)]
    [InlineData("diverged", 3)]
    public async Task A_sha_found_on_the_branch_is_not_asked_again_and_one_not_on_it_yet_is(string status, int requests)
    {
        _server.OnJson("GET", $"/api/v3/repos/acme/router/compare/main...{GitHubFake.Sha}", $$"""{"status":"{{status}}","ahead_by":0,"behind_by":3}""");
        using var services = GitHubFake.Services(_server, _timeout);
        var commits = services.GetRequiredService<ICommitInfo>();
        var manifest = Manifests.WithRepository("acme/router");

        var answers = new List<BranchMembership>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await commits.IsOnBranchAsync(manifest, Release(), "main", CancellationToken.None));
        }

        Assert.Single(answers.Distinct());
        Assert.Equal(requests, _server.Requests.Count);
    }

    [Fact]
    public async Task Sends_the_token_api_version_and_a_user_agent_and_keeps_branch_slashes()
    {
        _server.OnJson("GET", $"/api/v3/repos/acme/router/compare/release/2024...{GitHubFake.Sha}", """{"status":"identical"}""");

        Assert.Equal(BranchMembership.OnBranch, await OnBranchAsync("release/2024"));

        var request = Assert.Single(_server.Requests);
        Assert.Equal("Bearer gh-token", request.Header("Authorization"));
        Assert.Equal("application/vnd.github+json", request.Header("Accept"));
        Assert.Equal("2022-11-28", request.Header("X-GitHub-Api-Version"));
        Assert.StartsWith("Deployer.Bot", request.Header("User-Agent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_branch_or_commit_throws_a_clear_message()
    {
        _server.OnJson("GET", $"/api/v3/repos/acme/router/compare/main...{GitHubFake.Sha}", """{"message":"Not Found"}""", 404);

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => OnBranchAsync());

        Assert.Equal("GitHub: acme/router: cannot compare main...1111111 (404: the branch or the commit does not exist there)", ex.Message);
    }

    [Fact]
    public async Task A_manifest_without_a_repository_throws_saying_so()
    {
        var ex = await Assert.ThrowsAsync<IntegrationException>(() => OnBranchAsync(repository: null));

        Assert.Equal("GitHub: router has no repository in its manifest", ex.Message);
    }

    [Fact]
    public async Task Bad_credentials_throw_with_githubs_message()
    {
        _server.OnJson("GET", $"/api/v3/repos/acme/router/compare/main...{GitHubFake.Sha}", """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}""", 401);

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => OnBranchAsync());

        Assert.Equal("GitHub: HTTP 401 Unauthorized: Bad credentials", ex.Message);
    }

    [Fact]
    public async Task A_timeout_throws_with_its_duration()
    {
        _server.On("GET", $"/api/v3/repos/acme/router/compare/main...{GitHubFake.Sha}", FakeHttpServer.Hang);
        _timeout = IntegrationHost.ShortTimeout;

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => OnBranchAsync());

        Assert.Equal("GitHub: timed out after 400ms", ex.Message);
    }

    [Fact]
    public async Task Compare_lists_the_newest_ten_commits_with_title_and_author_and_caches_two_shas()
    {
        var commits = string.Join(",", Enumerable.Range(1, 12).Select(i =>
            $$$$"""{"sha":"sha{{{{i}}}}","commit":{"message":"Change {{{{i}}}}\n\nlong body","author":{"name":"Dev {{{{i}}}}"}}}"""));
        _server.OnJson("GET", $"/api/v3/repos/acme/router/compare/{GitHubFake.OtherSha}...{GitHubFake.Sha}",
            $$"""{"status":"ahead","html_url":"https://github.com/acme/router/compare/a...b","commits":[{{commits}}]}""");
        using var services = GitHubFake.Services(_server);
        var info = services.GetRequiredService<ICommitInfo>();

        var range = await info.CompareAsync(Manifests.WithRepository("acme/router"), GitHubFake.OtherSha, GitHubFake.Sha, CancellationToken.None);
        var again = await info.CompareAsync(Manifests.WithRepository("acme/router"), GitHubFake.OtherSha, GitHubFake.Sha, CancellationToken.None);

        Assert.NotNull(range);
        Assert.Equal("https://github.com/acme/router/compare/a...b", range.CompareUrl);
        Assert.Equal(10, range.Commits.Count);
        Assert.Equal(new CommitSummary("sha12", "Change 12", "Dev 12"), range.Commits[0]);
        Assert.Equal("sha3", range.Commits[^1].Sha);
        Assert.Same(range, again);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Compare_of_unknown_commits_is_null()
    {
        _server.OnJson("GET", $"/api/v3/repos/acme/router/compare/{GitHubFake.OtherSha}...{GitHubFake.Sha}", """{"message":"Not Found"}""", 404);
        using var services = GitHubFake.Services(_server);

        var range = await services.GetRequiredService<ICommitInfo>().CompareAsync(Manifests.WithRepository("acme/router"), GitHubFake.OtherSha, GitHubFake.Sha, CancellationToken.None);

        Assert.Null(range);
    }
}
