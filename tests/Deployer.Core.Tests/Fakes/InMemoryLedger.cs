using Deployer.Core.Audit;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;

namespace Deployer.Core.Tests.Fakes;

/// <summary>The ledger in memory; the audit entries it is handed go to <paramref name="auditLog"/> (as the stores write them in the ledger's transaction).</summary>
public sealed class InMemoryLedger(IAuditLog? auditLog = null) : IPromotionLedger
{
    private readonly Lock _gate = new();
    private readonly List<PromotionIntent> _intents = [];

    public IReadOnlyList<PromotionIntent> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _intents];
            }
        }
    }

    /// <summary>Announcements handed over with an intent or its completion, in order (the stores queue them in that transaction).</summary>
    public List<DeployerEvent> Announcements { get; } = [];

    public async Task<bool> TryBeginAsync(PromotionIntent intent, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_intents.Any(i => i.PairKey == intent.PairKey && i.Outcome == PromotionOutcome.Open))
            {
                return false;
            }

            _intents.Add(intent);
            if (announcement is not null)
            {
                Announcements.Add(announcement);
            }
        }

        await AuditAsync(audit, cancellationToken);
        return true;
    }

    public Task SetExternalIdAsync(string intentId, string externalId, CancellationToken cancellationToken)
    {
        Update(intentId, i => i with { ExternalId = externalId });
        return Task.CompletedTask;
    }

    public async Task<bool> CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken)
    {
        var completed = false;
        Update(intentId, i =>
        {
            completed = i.Outcome == PromotionOutcome.Open;
            return completed ? i with { Outcome = outcome, Message = message, CompletedAt = at } : i;
        });
        if (completed)
        {
            await AuditAsync(audit, cancellationToken);
            if (announcement is not null)
            {
                lock (_gate)
                {
                    Announcements.Add(announcement);
                }
            }
        }

        return completed;
    }

    private Task AuditAsync(AuditEntry? audit, CancellationToken cancellationToken) =>
        audit is null || auditLog is null ? Task.CompletedTask : auditLog.AppendAsync(audit, cancellationToken);

    public Task<IReadOnlyList<PromotionIntent>> GetOpenAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PromotionIntent>>(_intents.Where(i => i.Outcome == PromotionOutcome.Open).ToList());
        }
    }

    public Task<IReadOnlyList<PromotionIntent>> GetRecentAsync(string? service, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PromotionIntent>>(_intents
                .Where(i => service is null || string.Equals(i.Service, service, StringComparison.OrdinalIgnoreCase))
                .AsEnumerable().Reverse().Take(limit).ToList());
        }
    }

    /// <summary>Writes an intent directly, as a crash would have left it.</summary>
    public void Seed(PromotionIntent intent)
    {
        lock (_gate)
        {
            _intents.Add(intent);
        }
    }

    private void Update(string id, Func<PromotionIntent, PromotionIntent> change)
    {
        lock (_gate)
        {
            var index = _intents.FindIndex(i => i.Id == id);
            if (index < 0)
            {
                throw new InvalidOperationException($"no intent {id}");
            }

            _intents[index] = change(_intents[index]);
        }
    }
}
