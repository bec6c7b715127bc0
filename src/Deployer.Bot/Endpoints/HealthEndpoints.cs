using Deployer.Bot.Scheduling;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Bot.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Quartz;

namespace Deployer.Bot.Endpoints;

/// <summary><c>GET /healthz</c>: store, scheduler and cluster status, 503 when any is down; degraded (200) when a pipeline snapshot is older than 3 intervals.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetAsync);
        return app;
    }

    internal static async Task<JsonHttpResult<HealthResponse>> GetAsync(
        IStoreHealth storeHealth, ISchedulerFactory schedulers, CycleRunner cycles, IManifestCatalog catalog, IClusterState cluster,
        PromotionEngine engine, IOptions<EngineOptions> engineOptions, TimeProvider time, CancellationToken cancellationToken)
    {
        var (storeHealthy, storeDetail) = await storeHealth.CheckAsync(cancellationToken);
        var store = new ComponentHealth(storeHealthy ? Healthy : Unhealthy, storeDetail);
        var scheduler = await CheckSchedulerAsync(schedulers, cancellationToken);
        var status = cycles.Status;
        var clusterHealth = await cluster.ReadAsync(cancellationToken);
        var healthy = store.Status == Healthy && scheduler.Status == Healthy && clusterHealth.Healthy;
        var snapshots = CheckSnapshots(engine, catalog, engineOptions.Value.Interval, time.GetUtcNow());
        var body = new HealthResponse(
            !healthy ? Unhealthy : snapshots.Status == Degraded ? Degraded : Healthy,
            store,
            scheduler,
            new CycleHealth(status.Completed, status.LastCompletedAt, status.LastDuration?.TotalMilliseconds, status.LastDecisions, status.LastErrors, status.Reconciled),
            new ManifestHealth(catalog.All.Count, catalog.Errors.Select(e => e.ToString()).ToList()),
            clusterHealth)
        {
            Snapshots = snapshots,
        };
        return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private const string Healthy = "healthy";
    private const string Unhealthy = "unhealthy";
    private const string Degraded = "degraded";

    /// <summary>Degraded when some pipeline's picture is older than three intervals (budget too small, or reads failing).</summary>
    private static SnapshotHealth CheckSnapshots(PromotionEngine engine, IManifestCatalog catalog, TimeSpan interval, DateTimeOffset now)
    {
        var sweep = engine.LastSweep;
        var oldest = engine.Sweep.OldestAge(catalog.All, now);
        // Three intervals, but never under 30 s: a sub-second test interval must not make a busy machine look degraded.
        var limit = TimeSpan.FromTicks(Math.Max(3 * interval.Ticks, TimeSpan.FromSeconds(30).Ticks));
        var stale = oldest is { } age && age > limit;
        var detail = oldest is not { } a ? "no sweep yet"
            : stale ? $"a pipeline's snapshot is {a.TotalSeconds:0}s old (over {limit.TotalSeconds:0}s, 3 intervals): reads are skipped for API budget or failing"
            : $"oldest snapshot {a.TotalSeconds:0}s old";
        return new SnapshotHealth(stale ? Degraded : Healthy, detail, oldest?.TotalSeconds, sweep.Read, sweep.Skipped);
    }

    private static async Task<ComponentHealth> CheckSchedulerAsync(ISchedulerFactory schedulers, CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var status = scheduler.Status;
            return new ComponentHealth(status == SchedulerStatus.Running ? Healthy : Unhealthy, $"Quartz {status.ToString().ToLowerInvariant()}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ComponentHealth(Unhealthy, ex.Message);
        }
    }
}
