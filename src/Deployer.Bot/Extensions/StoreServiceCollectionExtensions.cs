using Deployer.Bot.ChatOps;
using Deployer.Bot.Notifications;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Bot.Store;
using Deployer.Bot.Store.PostgreSql;
using Deployer.Core.Commands;
using Deployer.Core.Ports;
using Deployer.Integrations.CommandPlatform;
using LiteDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Deployer.Bot.Extensions;

/// <summary>Registers the store chosen by <c>Store:Provider</c>: the LiteDB file (default) or a shared PostgreSQL database.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// LiteDB: one shared <see cref="LiteDatabase"/> singleton (<c>Store:Path</c>, relative to the content root) and the
    /// engine's stores; other features resolve <see cref="LiteDatabase"/> and add their own collections. PostgreSQL: every
    /// store port on one <see cref="NpgsqlDataSource"/>, the schema migrated at start, and the LiteDB file never opened.
    /// </summary>
    public static IServiceCollection AddDeployerStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddSingleton(new DeployerNode(configuration["Store:NodeId"]));
        var provider = configuration.GetSection(StoreOptions.Section).GetValue<StoreProvider?>(nameof(StoreOptions.Provider)) ?? StoreProvider.LiteDb;
        if (provider == StoreProvider.PostgreSql)
        {
            AddPostgreSql(services);
            return services;
        }

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var path = Path.GetFullPath(Path.Combine(root, options.Path));
            if (new FileInfo(path) is { Exists: true, Length: 0 })
            {
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Deployer.Store").LogCritical(
                    "The store {Path} (Store:Path) exists but is EMPTY (0 bytes): every decision, promotion, hold and audit entry it held is gone. Starting with an empty store. If this bot had history, stop it and restore the last backup (README, Backups)",
                    path);
            }

            return StoreInspector.OpenChecked(path);
        });
        // Command-platform promote runs keep their exit codes next to the ledger that refers to them.
        services.AddOptions<CommandPlatformOptions>().PostConfigure<IOptions<StoreOptions>, IHostEnvironment>((command, store, host) =>
        {
            if (string.IsNullOrEmpty(command.RunsPath))
            {
                var database = Path.GetFullPath(Path.Combine(host.ContentRootPath, store.Value.Path));
                command.RunsPath = Path.Combine(Path.GetDirectoryName(database) ?? host.ContentRootPath, "command-runs");
            }
        });
        services.AddSingleton<IStoreHealth, LiteDbStoreHealth>();
        services.AddSingleton<IClusterState, SingleNodeState>();
        services.AddSingleton<LiteDbDecisionStore>();
        services.AddSingleton<IDecisionStore>(sp => sp.GetRequiredService<LiteDbDecisionStore>());
        services.AddSingleton<LiteDbPromotionLedger>();
        services.AddSingleton<IPromotionLedger>(sp => sp.GetRequiredService<LiteDbPromotionLedger>());
        services.AddSingleton<LiteDbHoldStore>();
        services.AddSingleton<IHoldStore>(sp => sp.GetRequiredService<LiteDbHoldStore>());
        services.AddSingleton<IActiveHoldCount>(sp => sp.GetRequiredService<LiteDbHoldStore>());
        services.AddSingleton<LiteDbAuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<LiteDbAuditLog>());
        services.AddSingleton<LiteDbTestResultStore>();
        services.AddSingleton<ITestResultStore>(sp => sp.GetRequiredService<LiteDbTestResultStore>());
        services.AddSingleton<INotificationQueue, LiteDbNotificationQueue>();
        services.AddSingleton<IOutboxStore, OutboxStore>();
        services.AddSingleton<IVerificationStore, LiteDbVerificationStore>();
        services.AddSingleton<IBlockedNoticeStore, LiteDbBlockedNoticeStore>();
        return services;
    }

    private static void AddPostgreSql(IServiceCollection services)
    {
        services.AddSingleton(sp => NpgsqlDataSource.Create(
            PostgreSqlConnectionString.Normalize(sp.GetRequiredService<IOptions<StoreOptions>>().Value.ConnectionString ?? "")));
        services.AddHostedService<PostgreSqlMigrationService>();
        // Local mode's simulated platform keeps its state in a LiteDatabase; with PostgreSQL it gets one in memory (per
        // node), so nothing opens the file. Clusters run real platforms (heroku, command).
        services.AddSingleton(_ => DeployerDatabase.InMemory());
        services.AddSingleton<IStoreHealth, PostgreSqlStoreHealth>();
        services.AddSingleton<IClusterState, PostgreSqlClusterState>();
        services.AddSingleton<IDecisionStore, PostgreSqlDecisionStore>();
        services.AddSingleton<IPromotionLedger, PostgreSqlPromotionLedger>();
        services.AddSingleton<PostgreSqlHoldStore>();
        services.AddSingleton<IHoldStore>(sp => sp.GetRequiredService<PostgreSqlHoldStore>());
        services.AddSingleton<IActiveHoldCount>(sp => sp.GetRequiredService<PostgreSqlHoldStore>());
        services.AddSingleton<IAuditLog, PostgreSqlAuditLog>();
        services.AddSingleton<ITestResultStore, PostgreSqlTestResultStore>();
        services.AddSingleton<IForceRequestStore, PostgreSqlForceRequestStore>();
        services.AddSingleton<IOutboxStore, PostgreSqlOutboxStore>();
        services.AddSingleton<IVerificationStore, PostgreSqlVerificationStore>();
        services.AddSingleton<IBlockedNoticeStore, PostgreSqlBlockedNoticeStore>();
        // Other nodes change holds too: status re-reads them at most a second old.
        services.AddSingleton(sp => new HoldCache(sp.GetRequiredService<IHoldStore>()) { MaxAge = TimeSpan.FromSeconds(1) });
        services.AddSingleton<INotificationQueue, PostgreSqlNotificationQueue>();
    }
}
