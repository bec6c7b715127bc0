using Deployer.Bot.Endpoints;
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
        var (runner, engine) = Runner(catalog, db);

        var healthy = await HealthEndpoints.GetAsync(db, schedulers, runner, catalog, engine, Microsoft.Extensions.Options.Options.Create(new EngineOptions()), TimeProvider.System, default);
        Assert.Equal(StatusCodes.Status200OK, healthy.StatusCode);

        scheduler.Status.Returns(SchedulerStatus.Standby);
        var standby = await HealthEndpoints.GetAsync(db, schedulers, runner, catalog, engine, Microsoft.Extensions.Options.Options.Create(new EngineOptions()), TimeProvider.System, default);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, standby.StatusCode);
        Assert.Equal("unhealthy", standby.Value!.Scheduler.Status);

        scheduler.Status.Returns(SchedulerStatus.Running);
        db.Dispose();
        var gone = await HealthEndpoints.GetAsync(db, schedulers, runner, catalog, engine, Microsoft.Extensions.Options.Options.Create(new EngineOptions()), TimeProvider.System, default);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, gone.StatusCode);
        Assert.Equal("unhealthy", gone.Value!.Store.Status);
    }

    private static (CycleRunner Runner, PromotionEngine Engine) Runner(IManifestCatalog catalog, LiteDB.LiteDatabase db)
    {
        var state = new EngineState(new LiteDbHoldStore(db), new LiteDbPromotionLedger(db), new LiteDbDecisionStore(db), new LiteDbAuditLog(db), []);
        var engine = new PromotionEngine(catalog, new PlatformRegistry([]), EngineSources.None, state, new EngineOptions(), TimeProvider.System);
        using var meters = new TestMeterFactory();
        return (new CycleRunner(engine, new DeployerMetrics(meters), TimeProvider.System, NullLogger<CycleRunner>.Instance), engine);
    }

    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
