using Deployer.Bot.Store;
using LiteDB;

namespace Deployer.Bot.Health;

/// <summary>
/// <c>store</c>: unhealthy once the store failed while running, or when its header cannot be read (LiteDB); with
/// PostgreSQL, when the database cannot be reached or its schema is not migrated.
/// </summary>
internal sealed class StoreHealthContributor(LiteDatabase database, StoreMonitor monitor, IStoreHealth? shared = null) : IHealthContributor
{
    public string Name => "store";

    public async ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken)
    {
        if (shared is not null and not LiteDbStoreHealth)
        {
            var (healthy, detail) = await shared.CheckAsync(cancellationToken);
            return healthy ? ComponentHealth.Healthy(detail) : ComponentHealth.Unhealthy(detail);
        }

        return Check();
    }

    private ComponentHealth Check()
    {
        if (!monitor.Probe(database) && monitor.Damage is { } damage)
        {
            return ComponentHealth.Unhealthy($"damaged: {damage}; jobs stopped; restore the backup or run 'store repair' (README, Backups)");
        }

        try
        {
            // Reads the file header: fails once the file is gone, locked out or the database disposed.
            return ComponentHealth.Healthy($"LiteDB, {database.GetCollectionNames().Count()} collections");
        }
        catch (Exception ex) when (ex is LiteException or ObjectDisposedException or IOException)
        {
            return ComponentHealth.Unhealthy(ex.Message);
        }
    }
}
