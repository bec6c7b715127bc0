using LiteDB;

namespace Deployer.Bot.Store;

/// <summary>Opens the one LiteDB file every store shares.</summary>
public static class DeployerDatabase
{
    /// <summary>
    /// Opens (creating the folder if needed) <paramref name="path"/> in Direct mode: one <see cref="LiteDatabase"/> per
    /// process, thread-safe, shared by every store. Each write is its own transaction; LiteDB writes the log file from a
    /// background queue, so a write that must survive a hard kill right after it (a promotion intent before the platform
    /// call) is followed by <see cref="LiteDatabase.Checkpoint"/>, which waits for the queue (see LiteDbPromotionLedger).
    /// </summary>
    /// <param name="lockTimeout">How long a transaction waits for another's collection lock (LiteDB's default, a minute, when null).</param>
    public static LiteDatabase Open(string path, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var database = new LiteDatabase(new ConnectionString { Filename = full, Connection = ConnectionType.Direct }, NewMapper());
        if (lockTimeout is { } timeout)
        {
            database.Timeout = timeout;
        }

        return database;
    }

    /// <summary>An in-memory database (for <c>plan</c>, which records nothing).</summary>
    public static LiteDatabase InMemory() => new(new MemoryStream(), NewMapper());

    /// <summary>
    /// The mapper, with every document type of this assembly mapped up front: LiteDB's <see cref="BsonMapper"/> publishes
    /// a type's mapping before it has filled in its members, so two threads mapping a type for the first time at once
    /// could see it half built ("Member Id not found on BsonMapper", or "Collection was modified").
    /// </summary>
    private static BsonMapper NewMapper()
    {
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false };
        mapper.Entity<AuditDocument>();
        mapper.Entity<BlockedNoticeDocument>();
        mapper.Entity<DecisionDocument>();
        mapper.Entity<HoldDocument>();
        mapper.Entity<NotificationDocument>();
        mapper.Entity<PromotionDocument>();
        mapper.Entity<PreviousReleaseDocument>();
        mapper.Entity<TestResultDocument>();
        mapper.Entity<VerificationDocument>();
        mapper.Entity<Notifications.Slack.Outbox.OutboxItem>();
        mapper.Entity<Notifications.Slack.Outbox.OutboxMessageRef>();
        return mapper;
    }
}
