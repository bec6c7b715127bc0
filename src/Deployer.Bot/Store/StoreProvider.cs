namespace Deployer.Bot.Store;

/// <summary>Where the bot keeps its state (<c>Store:Provider</c>).</summary>
public enum StoreProvider
{
    /// <summary>The embedded LiteDB file: one instance, no database server.</summary>
    LiteDb,

    /// <summary>A PostgreSQL database shared by every instance; Quartz runs clustered on it.</summary>
    PostgreSql,
}
