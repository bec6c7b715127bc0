using Deployer.Bot.ChatOps;
using Deployer.Bot.Endpoints;
using Deployer.Bot.Health;
using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Store;
using Deployer.Bot.Telemetry;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using Quartz;

using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Endpoints;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Unhealthy_with_503_when_the_store_is_gone_or_the_scheduler_is_not_running()
    {
        var scheduler = Substitute.For<IScheduler>();
        scheduler.Status.Returns(SchedulerStatus.Running);
        var schedulers = Substitute.For<ISchedulerFactory>();
        schedulers.GetScheduler(Arg.Any<CancellationToken>()).Returns(new ValueTask<IScheduler>(scheduler));
        var catalog = new ManifestCatalog([]);
        var db = DeployerDatabase.InMemory();
        var runner = Runner(catalog, db);
        IHealthContributor[] contributors = [new StoreHealthContributor(db, new StoreMonitor(NullLogger<StoreMonitor>.Instance)), new SchedulerHealthContributor(schedulers)];

        var healthy = await HealthEndpoints.GetAsync(contributors, runner, catalog, default);
        Assert.Equal(StatusCodes.Status200OK, healthy.StatusCode);

        scheduler.Status.Returns(SchedulerStatus.Standby);
        var standby = await HealthEndpoints.GetAsync(contributors, runner, catalog, default);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, standby.StatusCode);
        Assert.Equal("unhealthy", standby.Value!.Scheduler.Status);

        scheduler.Status.Returns(SchedulerStatus.Running);
        db.Dispose();
        var gone = await HealthEndpoints.GetAsync(contributors, runner, catalog, default);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, gone.StatusCode);
        Assert.Equal("unhealthy", gone.Value!.Store.Status);
    }

    [Fact]
    public async Task Degraded_with_200_and_the_reasons_when_manifests_fail_slack_backs_up_or_a_source_fails()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var db = DeployerDatabase.InMemory();
        var catalog = new ManifestCatalog([], [new ManifestError("broken.json", "$.stages", "must have at least 1 item")]);
        var runner = Runner(catalog, db);
        using var meters = new TestMeterFactory();
        var metrics = new DeployerMetrics(meters);
        var outbox = new OutboxStore(db, time);
        var dispatcher = new OutboxDispatcher(outbox, Substitute.For<ISlackApiClient>(), time, NullLogger<OutboxDispatcher>.Instance);
        IHealthContributor[] contributors =
        [
            new ManifestHealthContributor(catalog),
            new SlackDeliveryHealthContributor(outbox, dispatcher, time),
            new OutsideSourcesHealthContributor(metrics, time),
        ];

        var fine = await HealthEndpoints.GetAsync(contributors.Skip(1), runner, catalog, default);
        Assert.Equal("healthy", fine.Value!.Status);

        outbox.Post("C1", """{"text":"hello"}""");
        metrics.Sources.Failed("alerts:alertmanager", time.GetUtcNow(), "query: HTTP 503");
        time.Advance(TimeSpan.FromMinutes(6));
        var degraded = await HealthEndpoints.GetAsync(contributors, runner, catalog, default);

        Assert.Equal(StatusCodes.Status200OK, degraded.StatusCode);
        Assert.Equal("degraded", degraded.Value!.Status);
        Assert.Equal("degraded", degraded.Value.Components["manifests"].Status);
        Assert.Contains("oldest queued message waiting 6m", degraded.Value.Components["slack"].Detail, StringComparison.Ordinal);
        Assert.Contains("alerts:alertmanager: query: HTTP 503", degraded.Value.Components["sources"].Detail, StringComparison.Ordinal);
        Assert.Equal(3, degraded.Value.Reasons.Count);

        metrics.Sources.Succeeded("alerts:alertmanager", time.GetUtcNow());
        var recovered = await HealthEndpoints.GetAsync(contributors.Skip(2), runner, catalog, default);
        Assert.Equal("healthy", recovered.Value!.Status);
    }

    private static CycleRunner Runner(IManifestCatalog catalog, LiteDB.LiteDatabase db)
    {
        var state = new EngineState(new LiteDbHoldStore(db), new LiteDbPromotionLedger(db), new LiteDbDecisionStore(db), new LiteDbAuditLog(db), Deployer.Core.Events.NoEventPublisher.Instance);
        var engine = new PromotionEngine(catalog, new PlatformRegistry([]), EngineSources.None, state, new EngineOptions(), TimeProvider.System);
        using var meters = new TestMeterFactory();
        return new CycleRunner(engine, new DeployerMetrics(meters), TimeProvider.System, NullLogger<CycleRunner>.Instance);
    }
}
