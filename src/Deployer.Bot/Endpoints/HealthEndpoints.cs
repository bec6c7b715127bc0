using Deployer.Bot.Scheduling;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using LiteDB;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Quartz;

namespace Deployer.Bot.Endpoints;

/// <summary><c>GET /healthz</c>: store and scheduler status, 503 when either is down; degraded (200) when a pipeline snapshot is older than 3 intervals.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetAsync);
        return app;
    }

    internal static async Task<JsonHttpResult<HealthResponse>> GetAsync(
        LiteDatabase database, ISchedulerFactory schedulers, CycleRunner cycles, IManifestCatalog catalog, PromotionEngine engine,
        IOptions<EngineOptions> engineOptions, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = CheckStore(database);
        var scheduler = await CheckSchedulerAsync(schedulers, cancellationToken);
        var status = cycles.Status;
        var healthy = store.Status == Healthy && scheduler.Status == Healthy;
        var snapshots = CheckSnapshots(engine, catalog, engineOptions.Value.Interval, time.GetUtcNow());
        var body = new HealthResponse(
            !healthy ? Unhealthy : snapshots.Status == Degraded ? Degraded : Healthy,
            store,
            scheduler,
            new CycleHealth(status.Completed, status.LastCompletedAt, status.LastDuration?.TotalMilliseconds, status.LastDecisions, status.LastErrors, status.Reconciled),
            new ManifestHealth(catalog.All.Count, catalog.Errors.Select(e => e.ToString()).ToList()))
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
        var stale = oldest is { } age && age > 3 * interval;
        var detail = oldest is not { } a ? "no sweep yet"
            : stale ? $"a pipeline's snapshot is {a.TotalSeconds:0}s old (over 3 intervals of {interval.TotalSeconds:0}s): reads are skipped for API budget or failing"
            : $"oldest snapshot {a.TotalSeconds:0}s old";
        return new SnapshotHealth(stale ? Degraded : Healthy, detail, oldest?.TotalSeconds, sweep.Read, sweep.Skipped);
    }

    private static ComponentHealth CheckStore(LiteDatabase database)
    {
        try
        {
            // Reads the file header: fails once the file is gone, locked out or the database disposed.
            return new ComponentHealth(Healthy, $"LiteDB, {database.GetCollectionNames().Count()} collections");
        }
        catch (Exception ex) when (ex is LiteException or ObjectDisposedException or IOException)
        {
            return new ComponentHealth(Unhealthy, ex.Message);
        }
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
