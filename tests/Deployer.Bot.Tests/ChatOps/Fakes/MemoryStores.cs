using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;

namespace Deployer.Bot.Tests.ChatOps.Fakes;

/// <summary>In-memory engine stores for the end-to-end tests.</summary>
internal sealed class MemoryStores : IHoldStore, IPromotionLedger, IDecisionStore, IAuditLog
{
    private readonly List<Hold> _holds = [];
    private readonly Dictionary<string, PromotionIntent> _intents = [];
    private readonly Dictionary<string, PairDecision> _decisions = [];
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
        Locked<IReadOnlyList<Hold>>(() => [.. _holds.Where(h => (service is null || string.Equals(h.Service, service, StringComparison.OrdinalIgnoreCase)) && h.IsActiveAt(now))]);

    public Task AddAsync(Hold hold, CancellationToken cancellationToken) => Locked(() => { _holds.Add(hold); return true; });

    public Task<IReadOnlyList<Hold>> RemoveAsync(string service, string? stage, CancellationToken cancellationToken) => Locked<IReadOnlyList<Hold>>(() =>
    {
        var removed = _holds.Where(h => h.Service == service && h.Stage == stage).ToList();
        _holds.RemoveAll(removed.Contains);
        return removed;
    });

    public Task<IReadOnlyList<Hold>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Locked<IReadOnlyList<Hold>>(() =>
    {
        var removed = _holds.Where(h => !h.IsActiveAt(now)).ToList();
        _holds.RemoveAll(removed.Contains);
        return removed;
    });

    public Task<bool> TryBeginAsync(PromotionIntent intent, CancellationToken cancellationToken) => Locked(() =>
    {
        if (_intents.Values.Any(i => i.PairKey == intent.PairKey && i.Outcome == PromotionOutcome.Open))
        {
            return false;
        }

        _intents[intent.Id] = intent;
        return true;
    });

    public Task SetExternalIdAsync(string intentId, string externalId, CancellationToken cancellationToken) =>
        Locked(() => _intents[intentId] = _intents[intentId] with { ExternalId = externalId });

    public Task CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, CancellationToken cancellationToken) =>
        Locked(() => _intents[intentId] = _intents[intentId] with { Outcome = outcome, Message = message, CompletedAt = at });

    public Task<IReadOnlyList<PromotionIntent>> GetOpenAsync(CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<PromotionIntent>>(() => [.. _intents.Values.Where(i => i.Outcome == PromotionOutcome.Open)]);

    public Task<IReadOnlyList<PromotionIntent>> GetRecentAsync(string? service, int limit, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<PromotionIntent>>(() => [.. _intents.Values.Where(i => service is null || i.Service == service).OrderByDescending(i => i.StartedAt).Take(limit)]);

    public Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken) => Locked(() => _decisions.GetValueOrDefault(pairKey));

    public Task SaveAsync(PairDecision decision, CancellationToken cancellationToken) => Locked(() => _decisions[decision.PairKey] = decision);

    public Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<PairDecision>>(() => [.. _decisions.Values.Where(d => service is null || d.Service == service)]);

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) => Locked(() => { _audit.Add(entry with { Id = _audit.Count + 1 }); return true; });

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
