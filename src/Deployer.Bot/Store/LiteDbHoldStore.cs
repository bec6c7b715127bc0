using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Ports;
using LiteDB;

namespace Deployer.Bot.Store;

/// <summary><see cref="IHoldStore"/> in LiteDB, indexed by service and by expiry.</summary>
public sealed class LiteDbHoldStore : IHoldStore, IActiveHoldCount
{
    public const string CollectionName = "holds";
    private readonly ILiteCollection<HoldDocument> _holds;
    private readonly LiteDatabase _database;
    private readonly Lock _write = new();

    public LiteDbHoldStore(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        LiteDbNotificationQueue.Ensure(database);
        _holds = database.GetCollection<HoldDocument>(CollectionName);
        _holds.EnsureIndex(h => h.ServiceKey);
        _holds.EnsureIndex(h => h.UntilTicks);
    }

    public Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = service?.ToLowerInvariant();
        var nowTicks = now.UtcTicks;
        var documents = key is null
            ? _holds.Find(h => h.UntilTicks > nowTicks)
            : _holds.Find(h => h.ServiceKey == key && h.UntilTicks > nowTicks);
        IReadOnlyList<Hold> holds = documents.Select(ToHold).OrderBy(h => h.CreatedAt).ToList();
        return Task.FromResult(holds);
    }

    /// <summary>How many holds are active at <paramref name="now"/> (for the open-holds gauge).</summary>
    public int CountActive(DateTimeOffset now)
    {
        var nowTicks = now.UtcTicks;
        return _holds.Count(h => h.UntilTicks > nowTicks);
    }

    public Task<HoldPlaced> PlaceAsync(Hold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        lock (_write)
        {
            return Task.FromResult(LiteDbTransaction.Run(_database, () =>
            {
                var placed = new HoldPlaced { Hold = hold, Replaced = Delete(InScope(hold.Service, hold.Stage)), At = hold.CreatedAt };
                _holds.Upsert(new HoldDocument
                {
                    Id = hold.Id,
                    Service = hold.Service,
                    ServiceKey = hold.Service.ToLowerInvariant(),
                    Stage = hold.Stage,
                    Reason = hold.Reason,
                    By = hold.By,
                    CreatedAtTicks = hold.CreatedAt.UtcTicks,
                    UntilTicks = hold.Until?.UtcTicks ?? long.MaxValue,
                });
                LiteDbNotificationQueue.Append(_database, placed);
                return placed;
            }));
        }
    }

    public Task<HoldLifted?> LiftAsync(string service, string? stage, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_write)
        {
            return Task.FromResult(LiteDbTransaction.Run(_database, () =>
            {
                var lifted = Delete(InScope(service, stage));
                if (lifted.Count == 0)
                {
                    return null;
                }

                var change = new HoldLifted { HeldService = service, Stage = stage, Lifted = lifted, By = by, At = at };
                LiteDbNotificationQueue.Append(_database, change);
                return change;
            }));
        }
    }

    public Task<IReadOnlyList<HoldExpired>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowTicks = now.UtcTicks;
        lock (_write)
        {
            return Task.FromResult<IReadOnlyList<HoldExpired>>(LiteDbTransaction.Run(_database, () =>
            {
                var expired = Delete(_holds.Find(h => h.UntilTicks <= nowTicks).ToList()).Select(h => new HoldExpired { Hold = h, At = now }).ToList();
                foreach (var e in expired)
                {
                    LiteDbNotificationQueue.Append(_database, e);
                }

                return expired;
            }));
        }
    }

    private List<HoldDocument> InScope(string service, string? stage)
    {
        var key = service.ToLowerInvariant();
        return _holds.Find(h => h.ServiceKey == key).ToList()
            .Where(h => stage is null ? h.Stage is null : string.Equals(h.Stage, stage, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    private List<Hold> Delete(List<HoldDocument> documents)
    {
        foreach (var document in documents)
        {
            _holds.Delete(document.Id);
        }

        return documents.Select(ToHold).ToList();
    }

    private static Hold ToHold(HoldDocument d) => new()
    {
        Id = d.Id,
        Service = d.Service,
        Stage = d.Stage,
        Reason = d.Reason,
        By = d.By,
        CreatedAt = new DateTimeOffset(d.CreatedAtTicks, TimeSpan.Zero),
        Until = d.UntilTicks == long.MaxValue ? null : new DateTimeOffset(d.UntilTicks, TimeSpan.Zero),
    };
}
