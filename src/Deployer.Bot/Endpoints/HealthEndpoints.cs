using Deployer.Bot.Scheduling;
using Deployer.Core.Manifests;
using Deployer.Bot.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Quartz;

namespace Deployer.Bot.Endpoints;

/// <summary><c>GET /healthz</c>: store, scheduler and cluster status; 503 when any is down.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetAsync);
        return app;
    }

    internal static async Task<JsonHttpResult<HealthResponse>> GetAsync(
        IStoreHealth storeHealth, ISchedulerFactory schedulers, CycleRunner cycles, IManifestCatalog catalog, IClusterState cluster, CancellationToken cancellationToken)
    {
        var (storeHealthy, storeDetail) = await storeHealth.CheckAsync(cancellationToken);
        var store = new ComponentHealth(storeHealthy ? Healthy : Unhealthy, storeDetail);
        var scheduler = await CheckSchedulerAsync(schedulers, cancellationToken);
        var status = cycles.Status;
        var clusterHealth = await cluster.ReadAsync(cancellationToken);
        var healthy = store.Status == Healthy && scheduler.Status == Healthy && clusterHealth.Healthy;
        var body = new HealthResponse(
            healthy ? Healthy : Unhealthy,
            store,
            scheduler,
            new CycleHealth(status.Completed, status.LastCompletedAt, status.LastDuration?.TotalMilliseconds, status.LastDecisions, status.LastErrors, status.Reconciled),
            new ManifestHealth(catalog.All.Count, catalog.Errors.Select(e => e.ToString()).ToList()),
            clusterHealth);
        return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private const string Healthy = "healthy";
    private const string Unhealthy = "unhealthy";

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
