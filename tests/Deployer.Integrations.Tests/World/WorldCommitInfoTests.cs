using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.World;

namespace Deployer.Integrations.Tests.World;

public sealed class WorldCommitInfoTests
{
    private static readonly WorldFile World = WorldSamples.Parse("""
        { "branches": { "9f1c2ab": ["main", "release"], "aaaaaaa1": ["feature/x"] } }
        """);

    private static Task<BranchMembership> OnAsync(string commit, string branch, string? releaseBranch = null) =>
        new WorldCommitInfo(() => World).IsOnBranchAsync(WorldSamples.Router, new Release { Commit = commit, Branch = releaseBranch }, branch, CancellationToken.None);

    [Fact]
    public async Task Listed_commit_on_the_branch_is_on_it()
    {
        Assert.Equal(BranchMembership.OnBranch, await OnAsync("9f1c2ab", "main"));
        Assert.Equal(BranchMembership.OnBranch, await OnAsync("9f1c2ab0d4e5f60718293a4b5c6d7e8f90a1b2c3", "release"));
    }

    [Fact]
    public async Task Listed_commit_without_the_branch_is_not_on_it_whatever_the_release_says() =>
        Assert.Equal(BranchMembership.NotOnBranch, await OnAsync("aaaaaaa1", "main", releaseBranch: "main"));

    [Fact]
    public async Task Unlisted_commit_falls_back_to_the_release_branch()
    {
        Assert.Equal(BranchMembership.OnBranch, await OnAsync("bbbbbbb", "main", releaseBranch: "main"));
        Assert.Equal(BranchMembership.NotOnBranch, await OnAsync("bbbbbbb", "main", releaseBranch: "hotfix"));
    }

    [Fact]
    public async Task Unlisted_commit_without_release_branch_is_unknown() =>
        Assert.Equal(BranchMembership.Unknown, await OnAsync("bbbbbbb", "main"));

    [Fact]
    public async Task Prefix_shorter_than_seven_characters_does_not_match() =>
        Assert.Equal(BranchMembership.Unknown, await OnAsync("9f1c2a", "main"));
}
