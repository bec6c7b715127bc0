using Deployer.Bot.ChatOps;
using Deployer.Bot.Hosting;
using Deployer.Bot.Notifications;
using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Store;
using Deployer.Bot.Telemetry;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Rollback;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Deployer.Bot.Extensions;

/// <summary>Registers the manifests, the engine, its sources and state.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The engine reads every registered <see cref="IReleasePlatform"/>, <see cref="IAlertSource"/>,
    /// <see cref="IIncidentSource"/>, <see cref="ITestResults"/> (asked in registration order; reported results first),
    /// and <see cref="ICommitInfo"/>, each measured for <c>/metrics</c>; it publishes through <see cref="IEventPublisher"/>.
    /// </summary>
    public static IServiceCollection AddDeployerEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EngineOptions>().BindWithDurations(configuration.GetSection(EngineOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ManifestOptions>().BindWithDurations(configuration.GetSection(ManifestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var options = sp.GetRequiredService<IOptions<ManifestOptions>>().Value;
            return new ReloadingManifestCatalog(Path.Combine(root, options.Path), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Deployer.Manifests"), options.MaxFileBytes);
        });
        services.AddSingleton<IManifestCatalog>(sp => sp.GetRequiredService<ReloadingManifestCatalog>());
        services.AddQuartz(q => q.AddRecurringJob<ManifestReloadJob>(
            ManifestReloadJob.Key,
            sp => sp.GetRequiredService<IOptions<ManifestOptions>>().Value.ReloadInterval,
            sp => sp.GetRequiredService<IOptions<ManifestOptions>>().Value.ReloadInterval));
        services.AddHostedService<StartupReport>();
        services.AddHostedService<HerokuCouplingCheck>();

        services.TryAddSingleton<DeployerMetrics>();
        services.AddSingleton<ITestResults>(sp => sp.GetRequiredService<ITestResultStore>());

        services.AddSingleton<IPlatformRegistry>(sp => new PlatformRegistry(
            sp.GetServices<IReleasePlatform>().Select(p => Metered(sp, (m, t) => new MeteredReleasePlatform(p, m, t)))));
        services.AddSingleton(sp => new EngineSources(
            sp.GetServices<IAlertSource>().Select(s => Metered<IAlertSource>(sp, (m, t) => new MeteredAlertSource(s, m, t))).ToList(),
            sp.GetServices<IIncidentSource>().Select(s => Metered<IIncidentSource>(sp, (m, t) => new MeteredIncidentSource(s, m, t))).ToList(),
            sp.GetServices<ITestResults>().Select(s => Metered<ITestResults>(sp, (m, t) => new MeteredTestResults(s, m, t))).ToList(),
            sp.GetServices<ICommitInfo>().Select(s => Metered<ICommitInfo>(sp, (m, t) => new MeteredCommitInfo(s, m, t))).ToList()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value);
        // The engine's state names the rollback (a failed verification with onFailure: rollback calls it), and the rollback
        // works on the same state without one: built in that order, so neither resolves the other.
        services.AddSingleton<IStageRollback>(sp => ActivatorUtilities.CreateInstance<StageRollback>(sp, StateWithoutRollback(sp)));
        services.AddSingleton(sp => StateWithoutRollback(sp) with { Rollback = sp.GetRequiredService<IStageRollback>() });
        services.AddSingleton<PromotionEngine>();
        services.AddSingleton<CycleRunner>();
        return services;
    }

    private static EngineState StateWithoutRollback(IServiceProvider sp) => new(
        sp.GetRequiredService<IHoldStore>(),
        sp.GetRequiredService<IPromotionLedger>(),
        sp.GetRequiredService<IDecisionStore>(),
        sp.GetRequiredService<IAuditLog>(),
        sp.GetRequiredService<IEventPublisher>(),
        sp.GetRequiredService<IVerificationStore>(),
        BlockedNotices: sp.GetService<IBlockedNoticeStore>());

    private static T Metered<T>(IServiceProvider sp, Func<DeployerMetrics, TimeProvider, T> wrap) =>
        wrap(sp.GetRequiredService<DeployerMetrics>(), sp.GetRequiredService<TimeProvider>());
}
