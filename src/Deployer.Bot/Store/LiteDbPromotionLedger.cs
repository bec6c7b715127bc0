using System.Globalization;
using Deployer.Core.Audit;
using Deployer.Core.Events;
using Deployer.Core.Promotions;
using Deployer.Core.Ports;
using LiteDB;

namespace Deployer.Bot.Store;

/// <summary>
/// <see cref="IPromotionLedger"/> in LiteDB. The intent is committed before the platform is called and completed after;
/// at most one open intent per pair, checked and written under one lock. LiteDB writes its log file from a background
/// queue, so a commit can still be in memory when the process is killed: the intent and the record that a platform call
/// started are checkpointed (written through to the file) before they return, since an outside action follows them; so is
/// the outcome, whose announcement is the promotion's result. The intent and the outcome are each written in one
/// transaction with their audit entry (and announcement).
/// </summary>
public sealed class LiteDbPromotionLedger : IPromotionLedger
{
    public const string CollectionName = "promotions";
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<PromotionDocument> _promotions;
    private readonly Lock _write = new();
    private long _sequence;

    public LiteDbPromotionLedger(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _promotions = database.GetCollection<PromotionDocument>(CollectionName);
        _promotions.EnsureIndex(p => p.Open);
        _promotions.EnsureIndex(p => p.PairKey);
        _promotions.EnsureIndex(p => p.Sequence);
        // ServiceSequence serves every per-service read; the ServiceKey index of earlier builds only cost each write and
        // each read snapshot (LiteDB parses a collection's index expressions again for every snapshot).
        _promotions.DropIndex(nameof(PromotionDocument.ServiceKey));
        _promotions.EnsureIndex(p => p.ServiceSequence);
        FillServiceSequence();
        _sequence = _promotions.Query().OrderByDescending(p => p.Sequence).Limit(1).FirstOrDefault()?.Sequence ?? 0;
        LiteDbNotificationQueue.Ensure(database);
    }

    public Task<bool> TryBeginAsync(PromotionIntent intent, CancellationToken cancellationToken) => TryBeginAsync(intent, null, cancellationToken);

    public Task<bool> TryBeginAsync(PromotionIntent intent, AuditEntry? audit, CancellationToken cancellationToken) =>
        TryBeginAsync(intent, audit, null, cancellationToken);

    public Task<bool> TryBeginAsync(PromotionIntent intent, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var pair = intent.PairKey.ToLowerInvariant();
        lock (_write)
        {
            var begun = LiteDbTransaction.Run(_database, () =>
            {
                if (_promotions.Exists(p => p.PairKey == pair && p.Open))
                {
                    return false;
                }

                _promotions.Insert(ToDocument(intent, ++_sequence));
                if (audit is not null)
                {
                    StoreFaults.Hit(StoreFaults.PromotionBegun);
                    LiteDbAuditLog.Append(_database, audit);
                }

                if (announcement is not null)
                {
                    LiteDbNotificationQueue.Append(_database, announcement);
                }

                return true;
            });
            if (!begun)
            {
                return Task.FromResult(false);
            }
        }

        // Outside the lock: a checkpoint waits for every open transaction, and must never do so while holding a lock
        // another transaction's thread may be waiting for.
        _database.Checkpoint();
        return Task.FromResult(true);
    }

    public Task SetExternalIdAsync(string intentId, string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intentId);
        lock (_write)
        {
            var document = _promotions.FindById(intentId) ?? throw new InvalidOperationException($"no promotion intent {intentId}");
            document.ExternalId = externalId;
            _promotions.Update(document);
        }

        _database.Checkpoint();

        return Task.CompletedTask;
    }

    public Task CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, CancellationToken cancellationToken) =>
        CompleteAsync(intentId, outcome, message, at, null, cancellationToken);

    public Task<bool> CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, AuditEntry? audit, CancellationToken cancellationToken) =>
        CompleteAsync(intentId, outcome, message, at, audit, null, cancellationToken);

    public Task<bool> CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intentId);
        if (outcome == PromotionOutcome.Open)
        {
            throw new ArgumentException("a promotion completes with an outcome other than Open", nameof(outcome));
        }

        bool completed;
        lock (_write)
        {
            completed = LiteDbTransaction.Run(_database, () =>
            {
                var document = _promotions.FindById(intentId) ?? throw new InvalidOperationException($"no promotion intent {intentId}");
                if (!document.Open)
                {
                    return false;
                }

                document.Outcome = outcome.ToString();
                document.Open = false;
                document.Message = message;
                document.CompletedAtTicks = at.UtcTicks;
                _promotions.Update(document);
                if (audit is not null)
                {
                    StoreFaults.Hit(StoreFaults.PromotionCompleted);
                    LiteDbAuditLog.Append(_database, audit);
                }

                if (announcement is not null)
                {
                    LiteDbNotificationQueue.Append(_database, announcement);
                }

                return true;
            });
        }

        if (completed)
        {
            // Written through too (outside the lock, as above): its announcement is the promotion's result reply.
            _database.Checkpoint();
            StoreFaults.Hit(StoreFaults.PromotionCompletionCommitted);
        }

        return Task.FromResult(completed);
    }

    public Task<IReadOnlyList<PromotionIntent>> GetOpenAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PromotionIntent> open = _promotions.Find(p => p.Open).OrderBy(p => p.Sequence).Select(ToIntent).ToList();
        return Task.FromResult(open);
    }

    public Task<IReadOnlyList<PromotionIntent>> GetRecentAsync(string? service, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var key = service?.ToLowerInvariant();
        // Both read an index backwards and stop at the limit; neither sorts.
        var documents = key is null
            ? _promotions.Query().OrderByDescending(p => p.Sequence).Limit(limit).ToList()
            : _promotions.Query()
                .Where(Query.Between(ServiceSequenceField, ServiceSequence(key, 0), ServiceSequence(key, long.MaxValue)))
                .OrderByDescending(p => p.ServiceSequence)
                .Limit(limit)
                .ToList();
        IReadOnlyList<PromotionIntent> recent = documents.Select(ToIntent).ToList();
        return Task.FromResult(recent);
    }

    private const string ServiceSequenceField = "$." + nameof(PromotionDocument.ServiceSequence);

    /// <summary>The ordering key of <see cref="PromotionDocument.ServiceSequence"/>; digits only after the separator, so the range of one service never takes in another's.</summary>
    private static string ServiceSequence(string serviceKey, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{serviceKey}|{sequence:D19}");

    /// <summary>Documents written before <see cref="PromotionDocument.ServiceSequence"/> existed get it once, at start.</summary>
    private void FillServiceSequence()
    {
        var missing = _promotions.Find(p => p.ServiceSequence == null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        foreach (var document in missing)
        {
            document.ServiceSequence = ServiceSequence(document.ServiceKey, document.Sequence);
        }

        _promotions.Update(missing);
    }

    private static PromotionDocument ToDocument(PromotionIntent i, long sequence) => new()
    {
        Id = i.Id,
        Service = i.Service,
        ServiceKey = i.Service.ToLowerInvariant(),
        From = i.From,
        To = i.To,
        PairKey = i.PairKey.ToLowerInvariant(),
        Commit = i.Commit,
        Version = i.Version,
        SourceTarget = i.SourceTarget,
        Targets = [.. i.Targets],
        Trigger = i.Trigger.ToString(),
        Actor = i.Actor,
        StartedAtTicks = i.StartedAt.UtcTicks,
        ExternalId = i.ExternalId,
        Outcome = i.Outcome.ToString(),
        Open = i.Outcome == PromotionOutcome.Open,
        CompletedAtTicks = i.CompletedAt?.UtcTicks,
        Message = i.Message,
        Sequence = sequence,
        ServiceSequence = ServiceSequence(i.Service.ToLowerInvariant(), sequence),
        Kind = i.Kind.ToString(),
        Previous = [.. i.Previous.Select(p => new PreviousReleaseDocument { Target = p.Target, ReleaseId = p.ReleaseId, Commit = p.Commit, Version = p.Version })],
        FromCommit = i.FromCommit,
        RollbackOf = i.RollbackOf,
        Reason = i.Reason,
    };

    private static PromotionIntent ToIntent(PromotionDocument d) => new()
    {
        Id = d.Id,
        Service = d.Service,
        From = d.From,
        To = d.To,
        Commit = d.Commit,
        Version = d.Version,
        SourceTarget = d.SourceTarget,
        Targets = d.Targets,
        Trigger = Enum.TryParse<PromotionTrigger>(d.Trigger, out var trigger) ? trigger : PromotionTrigger.Automatic,
        Actor = d.Actor,
        StartedAt = new DateTimeOffset(d.StartedAtTicks, TimeSpan.Zero),
        ExternalId = d.ExternalId,
        Outcome = Enum.TryParse<PromotionOutcome>(d.Outcome, out var outcome) ? outcome : PromotionOutcome.Open,
        CompletedAt = d.CompletedAtTicks is { } c ? new DateTimeOffset(c, TimeSpan.Zero) : null,
        Message = d.Message,
        Kind = Enum.TryParse<IntentKind>(d.Kind, out var kind) ? kind : IntentKind.Promote,
        Previous = [.. (d.Previous ?? []).Select(p => new PreviousRelease(p.Target, p.ReleaseId, p.Commit, p.Version))],
        FromCommit = d.FromCommit,
        RollbackOf = d.RollbackOf,
        Reason = d.Reason,
    };
}
