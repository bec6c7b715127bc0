using Deployer.Bot.Health;
using Deployer.Bot.Scheduling;
using Deployer.Core.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Deployer.Bot.Endpoints;

/// <summary>
/// <c>GET /healthz</c>: every <see cref="IHealthContributor"/> (store, scheduler, cycles, manifests, Slack delivery,
/// outside sources, and whatever else registers one). The worst decides: <c>healthy</c> and <c>degraded</c> answer 200
/// (with the reasons), <c>unhealthy</c> answers 503.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetAsync);
        return app;
    }

    internal static async Task<JsonHttpResult<HealthResponse>> GetAsync(
        IEnumerable<IHealthContributor> contributors, CycleRunner cycles, IManifestCatalog catalog, CancellationToken cancellationToken)
    {
        var components = new Dictionary<string, ComponentHealth>(StringComparer.Ordinal);
        foreach (var contributor in contributors)
        {
            ComponentHealth health;
            try
            {
                health = await contributor.CheckAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health = ComponentHealth.Unhealthy($"health check failed: {ex.Message}");
            }

            components[contributor.Name] = health;
        }

        var worst = components.Values.Select(c => c.Severity).DefaultIfEmpty(0).Max();
        var overall = worst switch
        {
            0 => ComponentHealth.HealthyStatus,
            1 => ComponentHealth.DegradedStatus,
            _ => ComponentHealth.UnhealthyStatus,
        };
        var status = cycles.Status;
        var body = new HealthResponse(
            overall,
            components.Where(c => c.Value.Severity > 0).Select(c => $"{c.Key}: {c.Value.Detail}").ToList(),
            components,
            components.GetValueOrDefault("store") ?? ComponentHealth.Unhealthy("not checked"),
            components.GetValueOrDefault("scheduler") ?? ComponentHealth.Unhealthy("not checked"),
            new CycleHealth(status.Completed, status.LastCompletedAt, status.LastDuration?.TotalMilliseconds, status.LastDecisions, status.LastErrors, status.Reconciled),
            new ManifestHealth(catalog.All.Count, catalog.Errors.Select(e => e.ToString()).ToList()))
        {
            Cluster = contributors.OfType<ClusterHealthContributor>().FirstOrDefault()?.Last,
            Snapshots = contributors.OfType<SnapshotHealthContributor>().FirstOrDefault()?.Last,
        };
        return TypedResults.Json(body, statusCode: worst >= 2 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }
}
