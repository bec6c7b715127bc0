using Deployer.Bot.Notifications;
using Deployer.Bot.Store;
using Deployer.Bot.Telemetry;
using Deployer.Core.Engine;
using Deployer.Integrations.Heroku;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Deployer.Core.Ports;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Deployer.Bot.Extensions;

/// <summary>Registers <see cref="DeployerMetrics"/> and the Prometheus exporter for every <c>Deployer*</c> meter.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The OpenTelemetry <c>service.name</c> (Prometheus <c>target_info{service_name="deployer"}</c>).</summary>
    public const string ServiceName = "deployer";

    public static IServiceCollection AddDeployerTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<DeployerMetrics>();
        services.AddSingleton<ClusterMetrics>();
        services.AddSingleton<PairGauges>();
        services.AddSingleton<IEventListener>(sp => sp.GetRequiredService<PairGauges>());
        services.AddHostedService<MetricsStarter>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(m => m.AddMeter(DeployerMetrics.MeterName, $"{DeployerMetrics.MeterName}.*").AddPrometheusExporter());
        return services;
    }

    /// <summary>Connects the gauges to their sources at start, so they report before anyone asks.</summary>
    private sealed class MetricsStarter(
        DeployerMetrics metrics, IActiveHoldCount holds, TimeProvider time, ClusterMetrics cluster, PromotionEngine engine, IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(cluster);
            metrics.ObserveOpenHolds(() => holds.CountActive(time.GetUtcNow()));
            metrics.ObserveSweep(() => engine.LastSweep, () => engine.Sweep.OldestAge(engine.Catalog.All, time.GetUtcNow()));
            if (services.GetService<HerokuRateBudget>() is { } budget)
            {
                metrics.ObserveHerokuBudget(() => budget.Remaining);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
