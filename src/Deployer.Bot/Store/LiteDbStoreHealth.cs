using LiteDB;

namespace Deployer.Bot.Store;

/// <summary>Reads the LiteDB file header: fails once the file is gone, locked out or the database disposed.</summary>
internal sealed class LiteDbStoreHealth(LiteDatabase database) : IStoreHealth
{
    public Task<(bool Healthy, string Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult((true, $"LiteDB, {database.GetCollectionNames().Count()} collections"));
        }
        catch (Exception ex) when (ex is LiteException or ObjectDisposedException or IOException)
        {
            return Task.FromResult((false, ex.Message));
        }
    }
}
