using Deployer.Bot.Store;
using Deployer.Bot.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Deployer.Bot.Extensions;

/// <summary>Registers <see cref="DeployerMetrics"/> and the Prometheus exporter for every <c>Deployer*</c> meter.</summary>
public static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddDeployerTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<DeployerMetrics>();
        services.AddSingleton<ClusterMetrics>();
        services.AddHostedService<MetricsStarter>();
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(DeployerMetrics.MeterName, $"{DeployerMetrics.MeterName}.*").AddPrometheusExporter());
        return services;
    }

    /// <summary>Connects the gauges to their sources at start, so they report before anyone asks.</summary>
    private sealed class MetricsStarter(DeployerMetrics metrics, IActiveHoldCount holds, TimeProvider time, ClusterMetrics cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(cluster);
            metrics.ObserveOpenHolds(() => holds.CountActive(time.GetUtcNow()));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
