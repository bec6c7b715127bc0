using LiteDB;

namespace Deployer.Bot.Health;

/// <summary><c>store</c>: unhealthy once the store failed while running, or when its header cannot be read.</summary>
internal sealed class StoreHealthContributor(LiteDatabase database, StoreMonitor monitor) : IHealthContributor
{
    public string Name => "store";

    public ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken)
    {
        if (!monitor.Probe(database) && monitor.Damage is { } damage)
        {
            return ValueTask.FromResult(ComponentHealth.Unhealthy($"damaged: {damage}; jobs stopped; restore the backup or run 'store repair' (README, Backups)"));
        }

        try
        {
            // Reads the file header: fails once the file is gone, locked out or the database disposed.
            return ValueTask.FromResult(ComponentHealth.Healthy($"LiteDB, {database.GetCollectionNames().Count()} collections"));
        }
        catch (Exception ex) when (ex is LiteException or ObjectDisposedException or IOException)
        {
            return ValueTask.FromResult(ComponentHealth.Unhealthy(ex.Message));
        }
    }
}
