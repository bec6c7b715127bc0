using Deployer.Bot.Store;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using LiteDB;

namespace Deployer.Bot.Tests.ChatOps.Fakes;

/// <summary>
/// In-memory engine stores for the end-to-end tests: ledger and audit in memory; holds and decisions on the bot's
/// in-memory LiteDB, so their announcements are queued with them as in production.
/// </summary>
internal sealed class MemoryStores(LiteDatabase database) : IHoldStore, IPromotionLedger, IDecisionStore, IAuditLog
{
    private readonly Dictionary<string, PromotionIntent> _intents = [];
    private readonly LiteDbHoldStore _holds = new(database);
    private readonly LiteDbDecisionStore _decisions = new(database);
    private readonly List<AuditEntry> _audit = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<AuditEntry> Audit
    {
        get
        {
            lock (_lock)
            {
                return [.. _audit];
            }
        }
    }

    public Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken) =>
        _holds.GetActiveAsync(service, now, cancellationToken);

    public Task<HoldPlaced> PlaceAsync(Hold hold, CancellationToken cancellationToken) => _holds.PlaceAsync(hold, cancellationToken);

    public Task<HoldLifted?> LiftAsync(string service, string? stage, string by, DateTimeOffset at, CancellationToken cancellationToken) =>
        _holds.LiftAsync(service, stage, by, at, cancellationToken);

    public Task<IReadOnlyList<HoldExpired>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => _holds.RemoveExpiredAsync(now, cancellationToken);

    public Task<bool> TryBeginAsync(PromotionIntent intent, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken) => Locked(() =>
    {
        if (_intents.Values.Any(i => i.PairKey == intent.PairKey && i.Outcome == PromotionOutcome.Open))
        {
            return false;
        }

        _intents[intent.Id] = intent;
        AppendLocked(audit);
        Announce(announcement);
        return true;
    });

    public Task SetExternalIdAsync(string intentId, string externalId, CancellationToken cancellationToken) =>
        Locked(() => _intents[intentId] = _intents[intentId] with { ExternalId = externalId });

    public Task<bool> CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken) =>
        Locked(() =>
        {
            if (_intents[intentId].Outcome != PromotionOutcome.Open)
            {
                return false;
            }

            _intents[intentId] = _intents[intentId] with { Outcome = outcome, Message = message, CompletedAt = at };
            AppendLocked(audit);
            Announce(announcement);
            return true;
        });

    // The notification queue of the same database, as the LiteDB ledger queues a rollback's announcements.
    private void Announce(DeployerEvent? announcement)
    {
        if (announcement is not null)
        {
            LiteDbNotificationQueue.Append(database, announcement);
        }
    }

    public Task<IReadOnlyList<PromotionIntent>> GetOpenAsync(CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<PromotionIntent>>(() => [.. _intents.Values.Where(i => i.Outcome == PromotionOutcome.Open)]);

    public Task<IReadOnlyList<PromotionIntent>> GetRecentAsync(string? service, int limit, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<PromotionIntent>>(() => [.. _intents.Values.Where(i => service is null || i.Service == service).Select((i, n) => (i, n)).OrderByDescending(x => x.i.StartedAt).ThenByDescending(x => x.n).Select(x => x.i).Take(limit)]);

    public Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken) => _decisions.GetLastAsync(pairKey, cancellationToken);

    public async Task SaveAsync(DecisionChanged change, AuditEntry? audit, CancellationToken cancellationToken)
    {
        await _decisions.SaveAsync(change, cancellationToken);
        await Locked(() => AppendLocked(audit));
    }

    public async Task KeepAsync(PairDecision decision, AuditEntry? audit, CancellationToken cancellationToken)
    {
        await _decisions.KeepAsync(decision, cancellationToken);
        await Locked(() => AppendLocked(audit));
    }

    public Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken) => _decisions.GetAllAsync(service, cancellationToken);

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) => Locked(() => AppendLocked(entry));

    private bool AppendLocked(AuditEntry? entry)
    {
        if (entry is not null)
        {
            _audit.Add(entry with { Id = _audit.Count + 1 });
        }

        return true;
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(string? service, int limit, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<AuditEntry>>(() => [.. _audit.Where(e => service is null || e.Service == service).Reverse().Take(limit)]);

    private Task<T> Locked<T>(Func<T> work)
    {
        lock (_lock)
        {
            return Task.FromResult(work());
        }
    }
}
