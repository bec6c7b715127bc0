using Deployer.Bot.Endpoints;
using Deployer.Bot.Health;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Store;
using Deployer.Bot.Telemetry;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Quartz;

using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Endpoints;

/// <summary><c>/healthz</c> says "degraded" when the budget keeps a pipeline unread for more than three intervals.</summary>
public sealed class SnapshotHealthTests
{
    [Fact]
    public async Task Degraded_when_a_snapshot_is_older_than_three_intervals_and_healthy_again_once_it_is_read()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 14, 0, 0, TimeSpan.Zero));
        var platform = new BudgetPlatform();
        var catalog = new ManifestCatalog([Manifest("router"), Manifest("billing")]);
        using var db = DeployerDatabase.InMemory();
        var state = new EngineState(new LiteDbHoldStore(db), new LiteDbPromotionLedger(db), new LiteDbDecisionStore(db), new LiteDbAuditLog(db), Deployer.Core.Events.NoEventPublisher.Instance);
        var options = new EngineOptions { Interval = TimeSpan.FromSeconds(60) };
        var engine = new PromotionEngine(catalog, new PlatformRegistry([platform]), EngineSources.None, state, options, time);
        using var meters = new TestMeterFactory();
        var runner = new CycleRunner(engine, new DeployerMetrics(meters), time, NullLogger<CycleRunner>.Instance);
        var scheduler = Substitute.For<IScheduler>();
        scheduler.Status.Returns(SchedulerStatus.Running);
        var schedulers = Substitute.For<ISchedulerFactory>();
        schedulers.GetScheduler(Arg.Any<CancellationToken>()).Returns(new ValueTask<IScheduler>(scheduler));
        IHealthContributor[] contributors =
        [
            new SchedulerHealthContributor(schedulers),
            new ClusterHealthContributor(new SingleNodeState(new DeployerNode("test"))),
            new SnapshotHealthContributor(engine, Options.Create(options), time),
        ];
        Task<Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<HealthResponse>> Health() =>
            HealthEndpoints.GetAsync(contributors, runner, catalog, default);

        platform.Allowance = 1; // only router is read
        await engine.RunCycleAsync(default);
        Assert.Equal("healthy", (await Health()).Value!.Status);

        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(60));
            platform.Allowance = 0;
            await engine.RunCycleAsync(default);
        }

        var degraded = await Health();
        Assert.Equal(StatusCodes.Status200OK, degraded.StatusCode);
        Assert.Equal("degraded", degraded.Value!.Status);
        Assert.Equal("degraded", degraded.Value.Snapshots!.Status);
        Assert.Equal("degraded", degraded.Value.Components["snapshots"].Status);
        Assert.Equal("single node test", degraded.Value.Components["cluster"].Detail);
        Assert.Equal(240, degraded.Value.Snapshots.OldestAgeSeconds);
        Assert.Equal(2, degraded.Value.Snapshots.LastSkipped);

        platform.Allowance = 2;
        await engine.RunCycleAsync(default);
        Assert.Equal("healthy", (await Health()).Value!.Status);
    }

    private static ServiceManifest Manifest(string service) => new()
    {
        Service = service,
        Platform = new PlatformSpec { Kind = "budget" },
        Stages = [new StageSpec { Name = "staging", Targets = [$"{service}-s"] }, new StageSpec { Name = "production", Targets = [$"{service}-p"] }],
    };

    private sealed class BudgetPlatform : IReleasePlatform, IReadPacer
    {
        public int Allowance { get; set; }

        public string Kind => "budget";

        public bool TryAcquireSweepRead(ServiceManifest manifest) => Allowance-- > 0;

        public Task<PipelineSnapshot> GetSnapshotAsync(ServiceManifest manifest, CancellationToken cancellationToken) =>
            Task.FromResult(new PipelineSnapshot(
                manifest.Service,
                manifest.Stages.SelectMany(s => s.Targets).ToDictionary(t => t, t => new TargetState(t, new Release { Commit = "aaaaaaa1111111" })),
                DateTimeOffset.UnixEpoch));

        public Task<PromotionResult> PromoteAsync(PromotionRequest request, Func<string, Task> recordExternalId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("nothing differs");
    }
}
