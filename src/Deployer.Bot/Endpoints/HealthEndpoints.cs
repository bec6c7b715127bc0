using Deployer.Bot.Scheduling;
using Deployer.Core.Manifests;
using LiteDB;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Quartz;

namespace Deployer.Bot.Endpoints;

/// <summary><c>GET /healthz</c>: store and scheduler status; 503 when either is down.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetAsync);
        return app;
    }

    internal static async Task<JsonHttpResult<HealthResponse>> GetAsync(
        LiteDatabase database, ISchedulerFactory schedulers, CycleRunner cycles, IManifestCatalog catalog, CancellationToken cancellationToken)
    {
        var store = CheckStore(database);
        var scheduler = await CheckSchedulerAsync(schedulers, cancellationToken);
        var status = cycles.Status;
        var healthy = store.Status == Healthy && scheduler.Status == Healthy;
        var body = new HealthResponse(
            healthy ? Healthy : Unhealthy,
            store,
            scheduler,
            new CycleHealth(status.Completed, status.LastCompletedAt, status.LastDuration?.TotalMilliseconds, status.LastDecisions, status.LastErrors, status.Reconciled),
            new ManifestHealth(catalog.All.Count, catalog.Errors.Select(e => e.ToString()).ToList()));
        return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private const string Healthy = "healthy";
    private const string Unhealthy = "unhealthy";

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
