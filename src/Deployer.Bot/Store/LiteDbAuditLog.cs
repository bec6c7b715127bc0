using System.Globalization;
using System.Runtime.CompilerServices;
using Deployer.Core.Audit;
using Deployer.Core.Ports;
using LiteDB;

namespace Deployer.Bot.Store;

/// <summary>
/// The append-only audit log in LiteDB. Ids increase with every append; newest-first reads walk an index backwards
/// and stop at the limit (the <c>_id</c> index for all services, the <c>Key</c> index, <c>service|id</c>, for one),
/// so <c>history router 20</c> reads about 20 documents however long the log grows.
/// </summary>
public sealed class LiteDbAuditLog : IAuditLog
{
    public const string CollectionName = "audit";

    // One id counter per open database, shared with the stores that append an entry inside their own transaction (the
    // promotion ledger), so ids stay unique whoever appends. An id taken by a transaction that rolls back is a gap.
    private static readonly ConditionalWeakTable<LiteDatabase, Ids> Counters = new();
    private readonly ILiteCollection<AuditDocument> _entries;
    private readonly LiteDatabase _database;

    public LiteDbAuditLog(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _entries = Collection(database);
        _entries.EnsureIndex(d => d.Key, unique: true);
    }

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Append(_database, entry);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Appends <paramref name="entry"/> on this thread: inside the caller's LiteDB transaction when one is open (so the
    /// entry is kept with the caller's other writes or not at all), else in its own.
    /// </summary>
    internal static void Append(LiteDatabase database, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var collection = Collection(database);
        var id = Counters.GetValue(database, d => new Ids(Collection(d))).Next();
        collection.Insert(new AuditDocument
        {
            Id = id,
            Key = KeyOf(entry.Service, id),
            Service = entry.Service,
            AtTicks = entry.At.UtcTicks,
            Kind = entry.Kind.ToString(),
            Actor = entry.Actor,
            Summary = entry.Summary,
            Pair = entry.Pair,
            Commit = entry.Commit,
            Data = new Dictionary<string, string>(entry.Data),
        });
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(string? service, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        IReadOnlyList<AuditEntry> entries = Newest(service).Limit(limit).ToList().Select(ToEntry).ToList();
        return Task.FromResult(entries);
    }

    /// <summary>The query <see cref="QueryAsync"/> runs, exposed so tests can check that it walks an index.</summary>
    internal ILiteQueryableResult<AuditDocument> Newest(string? service)
    {
        if (service is null)
        {
            return _entries.Query().OrderByDescending(d => d.Id);
        }

        var low = KeyOf(service, 0);
        var high = KeyOf(service, long.MaxValue);
        return _entries.Query()
            .Where(Query.Between("Key", low, high))
            .OrderByDescending(d => d.Key);
    }

    private static ILiteCollection<AuditDocument> Collection(LiteDatabase database) => database.GetCollection<AuditDocument>(CollectionName);

    private static string KeyOf(string service, long id) =>
        $"{service.ToLowerInvariant()}|{id.ToString("D19", CultureInfo.InvariantCulture)}";

    private static AuditEntry ToEntry(AuditDocument d) => new()
    {
        Id = d.Id,
        At = new DateTimeOffset(d.AtTicks, TimeSpan.Zero),
        Service = d.Service,
        Kind = Enum.TryParse<AuditKind>(d.Kind, out var kind) ? kind : AuditKind.Command,
        Actor = d.Actor,
        Summary = d.Summary,
        Pair = d.Pair,
        Commit = d.Commit,
        Data = d.Data,
    };

    private sealed class Ids(ILiteCollection<AuditDocument> entries)
    {
        private readonly Lock _lock = new();
        private long _last = entries.Query().OrderByDescending(d => d.Id).Limit(1).FirstOrDefault()?.Id ?? 0;

        public long Next()
        {
            lock (_lock)
            {
                return ++_last;
            }
        }
    }
}
