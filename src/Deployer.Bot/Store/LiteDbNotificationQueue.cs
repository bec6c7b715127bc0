using System.Runtime.CompilerServices;
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
/// <remarks>
/// The file is the queue; this process also keeps its index in memory (ids and JSON of what is queued), loaded once at
/// open and changed only when a transaction that appended or took commits. A LiteDB file belongs to one process (direct
/// mode) and every write to the queue passes through here, so the copy cannot drift; it spares each take a LiteDB query
/// (a read snapshot, the query parsed, the documents mapped), which cost about 50 KB per event in a cold cycle.
/// </remarks>
internal sealed class LiteDbNotificationQueue : INotificationQueue
{
    public const string CollectionName = "notifications";
    private static readonly Lock EnsureGate = new();
    private static readonly ConditionalWeakTable<LiteDatabase, Queued> Queues = new();
    private readonly LiteDatabase _database;

    public LiteDbNotificationQueue(LiteDatabase database)
    {
        _database = database;
        Ensure(database);
    }

    public int Depth => Of(_database).Depth;

    /// <summary>
    /// Creates the collection up front (every store that appends calls it when it opens): LiteDB creating a collection
    /// inside two concurrent transactions races on its Int64 auto-id ("not possible use AutoId"). It is created by a
    /// placeholder inserted and deleted, not by an index: the queue is read by <c>_id</c> only, and a secondary index
    /// costs every append and every take (maintained on each write, parsed again on each read snapshot). Files written
    /// by earlier builds lose the <c>AtTicks</c> index they had for that reason. Then loads what is queued.
    /// </summary>
    public static void Ensure(LiteDatabase database) => Of(database);

    private static Queued Of(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (Queues.TryGetValue(database, out var known))
        {
            return known;
        }

        lock (EnsureGate)
        {
            return Queues.GetValue(database, Open);
        }
    }

    private static Queued Open(LiteDatabase database)
    {
        var collection = Collection(database);
        if (!database.CollectionExists(CollectionName))
        {
            LiteDbTransaction.Run(database, () => collection.Delete(collection.Insert(new NotificationDocument())));
        }

        collection.DropIndex(nameof(NotificationDocument.AtTicks));
        var queued = new Queued();
        foreach (var document in collection.Find(Query.All(Query.Ascending)))
        {
            queued.Add(document.Id, document.Json).Committed = true;
        }

        return queued;
    }

    /// <summary>Queues <paramref name="deployerEvent"/> in the transaction open on this thread (or in its own).</summary>
    public static void Append(LiteDatabase database, DeployerEvent deployerEvent)
    {
        ArgumentNullException.ThrowIfNull(deployerEvent);
        var queued = Of(database);
        LiteDbTransaction.Run(database, () =>
        {
            var json = JsonSerializer.Serialize(deployerEvent, StoreJson.Options);
            var id = Collection(database).Insert(new NotificationDocument
            {
                Service = deployerEvent.Service,
                AtTicks = deployerEvent.At.UtcTicks,
                Json = json,
            }).AsInt64;
            var entry = queued.Add(id, json);
            if (!LiteDbTransaction.OnEnd(database, committed => queued.Settle(entry, committed)))
            {
                // Never left waiting for a commit it cannot see: the throw rolls the insert back too.
                queued.Settle(entry, committed: false);
                throw NotInRun();
            }
        });
    }

    public void Enqueue(DeployerEvent deployerEvent) => Append(_database, deployerEvent);

    public bool TakeOldest(Action<DeployerEvent> deliver, int max = 1) => TakeOldest(_database, deliver, max);

    /// <summary>
    /// Hands the oldest events (up to <paramref name="max"/>, oldest first) to <paramref name="deliver"/> and deletes
    /// them, in one transaction with whatever <paramref name="deliver"/> writes to the same database on this thread: a
    /// throwing <paramref name="deliver"/> keeps the whole batch queued. One taker at a time.
    /// </summary>
    public static bool TakeOldest(LiteDatabase database, Action<DeployerEvent> deliver, int max = 1)
    {
        var queued = Of(database);
        lock (queued.Taking)
        {
            var batch = queued.Head(Math.Max(1, max));
            if (batch.Count == 0)
            {
                return false;
            }

            LiteDbTransaction.Run(database, () =>
            {
                var collection = Collection(database);
                foreach (var entry in batch)
                {
                    // An event this version cannot read (written by a newer one, or damaged) is dropped rather than blocking the queue.
                    if (Read(entry.Json) is { } deployerEvent)
                    {
                        deliver(deployerEvent);
                    }

                    collection.Delete(entry.Id);
                }

                if (!LiteDbTransaction.OnEnd(database, committed =>
                    {
                        if (committed)
                        {
                            queued.Remove(batch);
                        }
                    }))
                {
                    throw NotInRun();
                }
            });
            return true;
        }
    }

    /// <summary>A transaction on another database is open on this thread, so this one's end cannot be seen.</summary>
    private static InvalidOperationException NotInRun() =>
        new("The notification queue is written only inside a LiteDbTransaction.Run on its own database.");

    private static DeployerEvent? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DeployerEvent>(json, StoreJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ILiteCollection<NotificationDocument> Collection(LiteDatabase database) =>
        database.GetCollection<NotificationDocument>(CollectionName);

    /// <summary>One queued event as this process knows it: committed once the transaction that appended it has.</summary>
    private sealed class Entry(long id, string json)
    {
        public long Id { get; } = id;
        public string Json { get; } = json;
        public bool Committed { get; set; }
    }

    /// <summary>What one database's queue holds, in id (= commit) order: appends take the collection's write lock until they end.</summary>
    private sealed class Queued
    {
        private readonly Lock _gate = new();
        private readonly SortedDictionary<long, Entry> _entries = [];

        /// <summary>Held by the one taker at a time, from choosing a batch until its transaction ended.</summary>
        public Lock Taking { get; } = new();

        public int Depth
        {
            get
            {
                lock (_gate)
                {
                    return _entries.Values.Count(e => e.Committed);
                }
            }
        }

        public Entry Add(long id, string json)
        {
            var entry = new Entry(id, json);
            lock (_gate)
            {
                _entries[id] = entry;
            }

            return entry;
        }

        /// <summary>Keeps an appended entry once its transaction committed, forgets it when it rolled back.</summary>
        public void Settle(Entry entry, bool committed)
        {
            lock (_gate)
            {
                if (committed)
                {
                    entry.Committed = true;
                }
                else if (_entries.TryGetValue(entry.Id, out var same) && ReferenceEquals(same, entry))
                {
                    _entries.Remove(entry.Id);
                }
            }
        }

        /// <summary>The oldest committed entries, stopping at one still being written (nothing after it can be older).</summary>
        public List<Entry> Head(int max)
        {
            var head = new List<Entry>();
            lock (_gate)
            {
                foreach (var entry in _entries.Values)
                {
                    if (!entry.Committed || head.Count == max)
                    {
                        break;
                    }

                    head.Add(entry);
                }
            }

            return head;
        }

        public void Remove(List<Entry> taken)
        {
            lock (_gate)
            {
                foreach (var entry in taken)
                {
                    if (_entries.TryGetValue(entry.Id, out var same) && ReferenceEquals(same, entry))
                    {
                        _entries.Remove(entry.Id);
                    }
                }
            }
        }
    }
}
