using System.Text.Json;
using Deployer.Bot.Notifications;
using Deployer.Core.Events;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace Deployer.Bot.Store;

/// <summary>
/// The notification queue in LiteDB. Stores call <see cref="Append"/> inside their own transaction (same thread, same
/// database), so a state change and its event are kept together or not at all.
/// </summary>
internal sealed class LiteDbNotificationQueue : INotificationQueue
{
    private readonly LiteDatabase _database;

    public LiteDbNotificationQueue(LiteDatabase database)
    {
        _database = database;
        Ensure(database);
    }

    public const string CollectionName = "notifications";
    private readonly Lock _take = new();

    public int Depth => Collection(_database).Count();

    private static readonly Lock EnsureGate = new();

    /// <summary>
    /// Creates the collection up front (every store that appends calls it when it opens): LiteDB creating a collection
    /// inside two concurrent transactions races on its Int64 auto-id ("not possible use AutoId"). It is created by a
    /// placeholder inserted and deleted, not by an index: the queue is read by <c>_id</c> only, and a secondary index
    /// costs every append and every take (maintained on each write, parsed again on each read snapshot). Files written
    /// by earlier builds lose the <c>AtTicks</c> index they had for that reason.
    /// </summary>
    public static void Ensure(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        lock (EnsureGate)
        {
            var collection = Collection(database);
            if (!database.CollectionExists(CollectionName))
            {
                LiteDbTransaction.Run(database, () => collection.Delete(collection.Insert(new NotificationDocument())));
            }

            collection.DropIndex(nameof(NotificationDocument.AtTicks));
        }
    }

    public static void Append(LiteDatabase database, DeployerEvent deployerEvent)
    {
        ArgumentNullException.ThrowIfNull(deployerEvent);
        Collection(database).Insert(new NotificationDocument
        {
            Service = deployerEvent.Service,
            AtTicks = deployerEvent.At.UtcTicks,
            Json = JsonSerializer.Serialize(deployerEvent, StoreJson.Options),
        });
    }

    public void Enqueue(DeployerEvent deployerEvent) => LiteDbTransaction.Run(_database, () => Append(_database, deployerEvent));

    public bool TakeOldest(Action<DeployerEvent> deliver, int max = 1)
    {
        lock (_take)
        {
            return TakeOldest(_database, deliver, max);
        }
    }

    /// <summary>
    /// Hands the oldest events (up to <paramref name="max"/>, oldest first) to <paramref name="deliver"/> and deletes
    /// them, in one transaction with whatever <paramref name="deliver"/> writes to the same database on this thread: a
    /// throwing <paramref name="deliver"/> keeps the whole batch queued. Callers serialize (one taker at a time).
    /// </summary>
    public static bool TakeOldest(LiteDatabase database, Action<DeployerEvent> deliver, int max = 1) => LiteDbTransaction.Run(database, () =>
    {
        var collection = Collection(database);
        var oldest = collection.Query().OrderBy(n => n.Id).Limit(Math.Max(1, max)).ToList();
        foreach (var document in oldest)
        {
            // An event this version cannot read (written by a newer one, or damaged) is dropped rather than blocking the queue.
            if (Read(document) is { } deployerEvent)
            {
                deliver(deployerEvent);
            }

            collection.Delete(document.Id);
        }

        return oldest.Count > 0;
    });

    private static DeployerEvent? Read(NotificationDocument document)
    {
        try
        {
            return JsonSerializer.Deserialize<DeployerEvent>(document.Json, StoreJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ILiteCollection<NotificationDocument> Collection(LiteDatabase database) =>
        database.GetCollection<NotificationDocument>(CollectionName);
}
