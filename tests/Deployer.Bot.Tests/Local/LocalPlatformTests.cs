using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.Local;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Bot.Tests.Local;

public sealed class LocalPlatformTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static ServiceManifest Manifest { get; } = new()
    {
        Service = "router",
        Platform = new PlatformSpec { Kind = "local" },
        Stages =
        [
            new StageSpec { Name = "staging", Targets = ["router-staging-us", "router-staging-eu"] },
            new StageSpec { Name = "production", Targets = ["router-prod-us", "router-prod-eu"] },
        ],
    };

    [Fact]
    public async Task First_snapshot_seeds_converged_stages_with_older_releases_downstream()
    {
        using var db = DeployerDatabase.Open(_dir.File("local.db"));
        var platform = new LocalPlatform(db, _time, new Random(1));
        var snapshot = await platform.GetSnapshotAsync(Manifest, default);

        var staging = snapshot.Get("router-staging-us").Release!;
        Assert.Equal(staging, snapshot.Get("router-staging-eu").Release);
        var production = snapshot.Get("router-prod-us").Release!;
        Assert.Equal(production, snapshot.Get("router-prod-eu").Release);
        Assert.False(staging.SameCommitAs(production));
        Assert.Equal(_time.GetUtcNow() - LocalPlatform.SeedAge, staging.CreatedAt);
        Assert.True(production.CreatedAt < staging.CreatedAt);
        Assert.Equal(40, staging.Commit.Length);
        Assert.Equal("main", staging.Branch);

        _time.Advance(TimeSpan.FromMinutes(1));
        var again = await platform.GetSnapshotAsync(Manifest, default);
        Assert.Equal(staging, again.Get("router-staging-us").Release);
    }

    [Fact]
    public async Task Promotion_copies_the_release_downstream_as_a_new_release_and_can_be_confirmed_after_a_restart()
    {
        var path = _dir.File("local.db");
        string externalId = "";
        Release promoted;
        using (var db = DeployerDatabase.Open(path))
        {
            var platform = new LocalPlatform(db, _time, new Random(1));
            var snapshot = await platform.GetSnapshotAsync(Manifest, default);
            promoted = snapshot.Get("router-staging-us").Release!;
            _time.Advance(TimeSpan.FromSeconds(5));
            var result = await platform.PromoteAsync(
                new PromotionRequest(Manifest, "staging", "production", "router-staging-us", promoted, ["router-prod-us", "router-prod-eu"]),
                id => { externalId = id; return Task.CompletedTask; },
                default);
            Assert.True(result.Succeeded);
        }

        using var reopened = DeployerDatabase.Open(path);
        var restarted = new LocalPlatform(reopened, _time);
        var after = await restarted.GetSnapshotAsync(Manifest, default);
        var prod = after.Get("router-prod-eu").Release!;
        Assert.True(prod.SameCommitAs(promoted));
        Assert.Equal(_time.GetUtcNow(), prod.CreatedAt);
        Assert.True((await restarted.ResumeAsync(Manifest, externalId, ["router-prod-us"], default))?.Succeeded);
        Assert.Null(await restarted.ResumeAsync(Manifest, "local-unknown", ["router-prod-us"], default));
    }

    [Fact]
    public async Task Simulator_lands_a_new_release_on_the_first_stage_with_tests_that_report_after_their_run()
    {
        using var db = DeployerDatabase.Open(_dir.File("local.db"));
        var platform = new LocalPlatform(db, _time, new Random(3));
        var settings = new LocalSimulatorSettings { OtherBranchRatio = 0, TestFailureRatio = 0, TestDuration = TimeSpan.FromSeconds(20) };
        var simulator = new LocalReleaseSimulator(platform, _time, settings, new Random(3));
        var tests = new LocalTestResults(platform, _time);
        var before = await platform.GetSnapshotAsync(Manifest, default);

        var release = simulator.Land(Manifest);

        var after = await platform.GetSnapshotAsync(Manifest, default);
        Assert.Equal(release, after.Get("router-staging-us").Release);
        Assert.Equal(release, after.Get("router-staging-eu").Release);
        Assert.Equal(before.Get("router-prod-us").Release, after.Get("router-prod-us").Release);
        Assert.True(release.Version > before.Get("router-staging-us").Release!.Version);
        Assert.Equal("main", release.Branch);
        Assert.Equal(TestRunStatus.Pending, (await tests.GetAsync(Manifest, release.ShortCommit, "direwolf", default))?.Status);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(TestRunStatus.Passed, (await tests.GetAsync(Manifest, release.Commit, "direwolf", default))?.Status);
        Assert.Equal(TestRunStatus.Passed, (await tests.GetAsync(Manifest, before.Get("router-prod-us").Release!.Commit, "direwolf", default))?.Status);
        Assert.Null(await tests.GetAsync(Manifest, "0123456789", "direwolf", default));
    }

    [Fact]
    public void Simulator_uses_other_branches_and_failing_tests_at_the_configured_ratios()
    {
        using var db = DeployerDatabase.Open(_dir.File("local.db"));
        var platform = new LocalPlatform(db, _time, new Random(5));
        var settings = new LocalSimulatorSettings { OtherBranchRatio = 1, OtherBranches = ["feature/x"] };
        var simulator = new LocalReleaseSimulator(platform, _time, settings, new Random(5));

        Assert.Equal("feature/x", simulator.Land(Manifest).Branch);
        Assert.Throws<ArgumentException>(() => simulator.Land(Manifest with { Platform = new PlatformSpec { Kind = "heroku" } }));
        Assert.Null(simulator.Pick([Manifest with { Platform = new PlatformSpec { Kind = "heroku" } }]));
        Assert.Same(Manifest, simulator.Pick([Manifest]));
    }

    public void Dispose() => _dir.Dispose();
}
