using Deployer.Bot.Store;
using Deployer.Core.Ports;
using Deployer.Integrations.CommandPlatform;
using LiteDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Extensions;

/// <summary>Registers the LiteDB file and the stores over it.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// One shared <see cref="LiteDatabase"/> singleton (<c>Store:Path</c>, relative to the content root) and the engine's
    /// stores. Other features resolve <see cref="LiteDatabase"/> and add their own collections.
    /// </summary>
    public static IServiceCollection AddDeployerStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
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
        services.AddSingleton<LiteDbDecisionStore>();
        services.AddSingleton<IDecisionStore>(sp => sp.GetRequiredService<LiteDbDecisionStore>());
        services.AddSingleton<LiteDbPromotionLedger>();
        services.AddSingleton<IPromotionLedger>(sp => sp.GetRequiredService<LiteDbPromotionLedger>());
        services.AddSingleton<LiteDbHoldStore>();
        services.AddSingleton<IHoldStore>(sp => sp.GetRequiredService<LiteDbHoldStore>());
        services.AddSingleton<LiteDbAuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<LiteDbAuditLog>());
        services.AddSingleton<LiteDbTestResultStore>();
        return services;
    }
}
