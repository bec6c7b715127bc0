using Deployer.Bot.Store;
using Deployer.Bot.Telemetry;
using Deployer.Core.Engine;
using Deployer.Integrations.Heroku;
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
        services.AddHostedService<MetricsStarter>();
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(DeployerMetrics.MeterName, $"{DeployerMetrics.MeterName}.*").AddPrometheusExporter());
        return services;
    }

    /// <summary>Connects the gauges to their sources at start, so they report before anyone asks.</summary>
    private sealed class MetricsStarter(DeployerMetrics metrics, LiteDbHoldStore holds, PromotionEngine engine, IServiceProvider services, TimeProvider time) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
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
