using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Local;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Integrations.Tests.Local;

/// <summary>The local platform's simulated history answers what a diff ships, as GitHub's compare would.</summary>
public sealed class LocalCommitInfoTests : IDisposable
{
    private static readonly ServiceManifest Demo = new()
    {
        Service = "demo",
        Branch = "main",
        Platform = new PlatformSpec { Kind = "local" },
        Stages = [new StageSpec { Name = "staging", Targets = ["demo-staging"] }, new StageSpec { Name = "production", Targets = ["demo-production"] }],
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly LiteDatabase _database = new(new MemoryStream());

    public void Dispose() => _database.Dispose();

    private static string Commit(Core.Releases.PipelineSnapshot snapshot, string target) => snapshot.Get(target).Release!.Commit;

    [Fact]
    public async Task The_seeded_stages_and_landed_releases_chain_into_one_history()
    {
        var platform = new LocalPlatform(_database, _time, new Random(3));
        var simulator = new LocalReleaseSimulator(platform, _time, new LocalSimulatorSettings { OtherBranchRatio = 0, TestFailureRatio = 0, TestDuration = TimeSpan.FromMinutes(5) }, new Random(4));
        var info = new LocalCommitInfo(platform, _time);
        var seeded = await platform.GetSnapshotAsync(Demo, CancellationToken.None);
        var landed = new[] { simulator.Land(Demo), simulator.Land(Demo), simulator.Land(Demo) };

        var seedRange = await info.CompareAsync(Demo, Commit(seeded, "demo-production"), Commit(seeded, "demo-staging"), CancellationToken.None);
        var range = await info.CompareAsync(Demo, Commit(seeded, "demo-production"), landed[^1].Commit, CancellationToken.None);
        var last = await info.CompareAsync(Demo, landed[^2].Commit, landed[^1].Commit, CancellationToken.None);

        Assert.NotNull(seedRange);
        Assert.InRange(seedRange.TotalCommits!.Value, 1, 4);
        Assert.Equal(Commit(seeded, "demo-staging"), seedRange.Commits[0].Sha);
        Assert.NotNull(range);
        Assert.NotNull(last);
        Assert.Equal(landed[^1].Commit, range.Commits[0].Sha);
        Assert.Equal(range.Commits.Take(last.Commits.Count), last.Commits);
        Assert.True(range.TotalCommits >= seedRange.TotalCommits + 3, $"{range.TotalCommits}");
        Assert.All(range.Commits, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Title));
            Assert.False(string.IsNullOrWhiteSpace(c.Author));
        });
        Assert.Equal(Math.Min(10, range.TotalCommits!.Value), range.Commits.Count);
    }

    [Fact]
    public async Task Commits_not_built_here_or_not_in_order_are_unknown()
    {
        var platform = new LocalPlatform(_database, _time, new Random(3));
        var info = new LocalCommitInfo(platform, _time);
        var seeded = await platform.GetSnapshotAsync(Demo, CancellationToken.None);

        Assert.Null(await info.CompareAsync(Demo, "0123456789012345678901234567890123456789", Commit(seeded, "demo-staging"), CancellationToken.None));
        Assert.Null(await info.CompareAsync(Demo, Commit(seeded, "demo-staging"), Commit(seeded, "demo-production"), CancellationToken.None));
    }

    [Fact]
    public async Task The_simulated_ci_run_is_the_check_run_ci()
    {
        var platform = new LocalPlatform(_database, _time, new Random(3));
        var simulator = new LocalReleaseSimulator(platform, _time, new LocalSimulatorSettings { OtherBranchRatio = 0, TestFailureRatio = 1, TestDuration = TimeSpan.FromMinutes(5) }, new Random(4));
        var info = new LocalCommitInfo(platform, _time);
        var release = simulator.Land(Demo);

        var running = await info.CheckRunsAsync(Demo, release.Commit, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        var done = await info.CheckRunsAsync(Demo, release.Commit, CancellationToken.None);

        Assert.Equal([new CheckRunSummary("ci", "in_progress", null)], running);
        Assert.Equal([new CheckRunSummary("ci", "completed", "failure")], done);
        Assert.Null(await info.CheckRunsAsync(Demo, "0123456789012345678901234567890123456789", CancellationToken.None));
    }
}
