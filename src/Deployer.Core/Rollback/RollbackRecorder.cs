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

    /// <summary>The audit entry of a rollback step, written by the ledger in the transaction of that step.</summary>
    public AuditEntry Entry(RollbackFacts facts, AuditKind kind, string actor, string summary, string? outcome = null)
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

        return new AuditEntry
        {
            At = time.GetUtcNow(),
            Service = facts.Service,
            Kind = kind,
            Actor = actor,
            Pair = facts.PairLabel,
            Commit = facts.FromShort,
            Summary = summary,
            Data = data,
        };
    }

    /// <summary>
    /// Tells the people channel and in-process listeners about an announcement the ledger already queued with its step;
    /// a failure is logged, never thrown (the event stays queued for the delivery job).
    /// </summary>
    public async Task PublishAsync(DeployerEvent deployerEvent, CancellationToken cancellationToken)
    {
        try
        {
            await state.Events.PublishAsync(deployerEvent, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Publishing {Event} for {Service} failed; it stays queued", deployerEvent.GetType().Name, deployerEvent.Service);
        }
    }

    public RollbackCompleted Completed(RollbackFacts facts, bool succeeded, string message, bool afterRestart) =>
        new() { At = time.GetUtcNow(), Rollback = facts, Succeeded = succeeded, Message = message, AfterRestart = afterRestart };
}
