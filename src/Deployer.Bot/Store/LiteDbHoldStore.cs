using Deployer.Core.Holds;
using Deployer.Core.Ports;
using LiteDB;

namespace Deployer.Bot.Store;

/// <summary><see cref="IHoldStore"/> in LiteDB, indexed by service and by expiry.</summary>
public sealed class LiteDbHoldStore : IHoldStore, IActiveHoldCount
{
    public const string CollectionName = "holds";
    private readonly ILiteCollection<HoldDocument> _holds;
    private readonly Lock _write = new();

    public LiteDbHoldStore(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
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

    public Task AddAsync(Hold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        lock (_write)
        {
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
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Hold>> RemoveAsync(string service, string? stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var key = service.ToLowerInvariant();
        lock (_write)
        {
            var matching = _holds.Find(h => h.ServiceKey == key).ToList()
                .Where(h => stage is null ? h.Stage is null : string.Equals(h.Stage, stage, StringComparison.OrdinalIgnoreCase))
                .ToList();
            return Task.FromResult(Delete(matching));
        }
    }

    public Task<IReadOnlyList<Hold>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowTicks = now.UtcTicks;
        lock (_write)
        {
            return Task.FromResult(Delete(_holds.Find(h => h.UntilTicks <= nowTicks).ToList()));
        }
    }

    private IReadOnlyList<Hold> Delete(List<HoldDocument> documents)
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
