using Deployer.Core.Audit;
using Deployer.Core.Engine;
using Deployer.Core.Events;
using Deployer.Core.Promotions;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Rollback;

/// <summary>The audit entries and announcements of a rollback, for the run that starts it and for reconciliation.</summary>
internal sealed class RollbackRecorder(EngineState state, TimeProvider time, ILogger logger)
{
    public static RollbackFacts Facts(PromotionIntent intent) => new(
        intent.Service, intent.From, intent.To, intent.Actor, intent.Reason ?? "", intent.FromCommit ?? "", intent.Previous, intent.Id);

    public Task AuditAsync(RollbackFacts facts, AuditKind kind, string actor, string summary, CancellationToken cancellationToken, string? outcome = null)
    {
        var data = new Dictionary<string, string>
        {
            ["intent"] = facts.IntentId,
            ["reason"] = facts.Reason,
            ["from-commit"] = facts.PromotionCommit,
            ["to-commit"] = string.Join(",", facts.Targets.Select(t => t.Commit).Distinct(StringComparer.OrdinalIgnoreCase)),
            ["targets"] = string.Join(",", facts.Targets.Select(t => $"{t.Target}={t.ReleaseId}")),
        };
        if (outcome is not null)
        {
            data["outcome"] = outcome;
        }

        return state.Audit.AppendAsync(new AuditEntry
        {
            At = time.GetUtcNow(),
            Service = facts.Service,
            Kind = kind,
            Actor = actor,
            Pair = facts.PairLabel,
            Commit = facts.FromShort,
            Summary = summary,
            Data = data,
        }, cancellationToken);
    }

    /// <summary>Queues and publishes the event; a failure is logged, never thrown (the rollback itself is recorded).</summary>
    public async Task AnnounceAsync(DeployerEvent deployerEvent, CancellationToken cancellationToken)
    {
        if (state.Queue is not { } queue)
        {
            logger.LogWarning("No event queue: {Event} for {Service} is not announced", deployerEvent.GetType().Name, deployerEvent.Service);
            return;
        }

        try
        {
            await queue.EnqueueAsync(deployerEvent, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Announcing {Event} for {Service} failed", deployerEvent.GetType().Name, deployerEvent.Service);
        }
    }

    public Task CompletedAsync(RollbackFacts facts, bool succeeded, string message, bool afterRestart, CancellationToken cancellationToken) =>
        AnnounceAsync(new RollbackCompleted { At = time.GetUtcNow(), Rollback = facts, Succeeded = succeeded, Message = message, AfterRestart = afterRestart }, cancellationToken);
}
