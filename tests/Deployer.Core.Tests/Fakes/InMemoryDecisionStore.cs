using System.Collections.Concurrent;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

/// <summary>Decisions in memory; the audit entry given with a decision goes to <paramref name="auditLog"/> (when given), as the real stores append it in the same transaction.</summary>
public sealed class InMemoryDecisionStore(InMemoryAuditLog? auditLog = null) : IDecisionStore
{
    private readonly ConcurrentDictionary<string, PairDecision> _last = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The announcements queued with a decision (<see cref="SaveAsync"/>), in order.</summary>
    public ConcurrentQueue<DecisionChanged> Queued { get; } = new();

    /// <summary>The decisions stored without queueing (<see cref="KeepAsync"/>), in order.</summary>
    public ConcurrentQueue<PairDecision> Kept { get; } = new();

    public Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken) =>
        Task.FromResult(_last.TryGetValue(pairKey, out var d) ? d : null);

    public async Task SaveAsync(DecisionChanged change, AuditEntry? audit, CancellationToken cancellationToken)
    {
        _last[change.Current.PairKey] = change.Current;
        Queued.Enqueue(change);
        await AuditAsync(audit, cancellationToken);
    }

    public async Task KeepAsync(PairDecision decision, AuditEntry? audit, CancellationToken cancellationToken)
    {
        _last[decision.PairKey] = decision;
        Kept.Enqueue(decision);
        await AuditAsync(audit, cancellationToken);
    }

    private Task AuditAsync(AuditEntry? entry, CancellationToken cancellationToken) =>
        entry is not null && auditLog is not null ? auditLog.AppendAsync(entry, cancellationToken) : Task.CompletedTask;

    public Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PairDecision>>(_last.Values
            .Where(d => service is null || string.Equals(d.Service, service, StringComparison.OrdinalIgnoreCase))
            .ToList());
}
