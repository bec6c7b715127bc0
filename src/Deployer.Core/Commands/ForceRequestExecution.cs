using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Commands;

/// <summary>
/// The after-approval half of a force-promote: running the promotion, expiring a request, and telling the store,
/// the audit and the event publisher about each change. <see cref="ForcePromoteService"/> decides; this carries it out.
/// </summary>
internal sealed class ForceRequestExecution(
    IForceRequestStore store, IPairPromoter promoter, CommandAudit audit, IEventPublisher events, TimeProvider time, ILogger logger)
{
    /// <summary>Promotes the pair now and records the request as completed or failed.</summary>
    public async Task<ForceRequest> ExecuteAsync(ForceRequest request, PairDecision decision, PromotionTrigger trigger, CancellationToken cancellationToken)
    {
        var approvers = request.Approvals.Count == 0 ? "" : $" (approved by {string.Join(", ", request.Approvals.Select(a => a.By))})";
        bool succeeded;
        string? detail;
        try
        {
            var result = await promoter.ForcePromoteAsync(decision, trigger, request.RequestedBy, $"{request.Reason}{approvers} [request {request.Id}]", cancellationToken);
            succeeded = result.Kind == DecisionKind.Promoted;
            detail = result.Detail;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Force-promote {Request} of {Pair} failed", request.Id, request.PairKey);
            succeeded = false;
            detail = ex.Message;
        }

        var done = await store.UpdateAsync(request.Id, r => ForceRequestMachine.Complete(r, succeeded, detail, time.GetUtcNow()), cancellationToken) ?? request;
        await NotifyAsync(done, cancellationToken);
        return done;
    }

    /// <summary>Expires the request if it is still pending; audits and announces only a real change.</summary>
    public async Task<ForceRequest?> ExpireAsync(string id, string why, CancellationToken cancellationToken)
    {
        var changed = false;
        var updated = await store.UpdateAsync(id, r =>
        {
            var next = ForceRequestMachine.Expire(r, time.GetUtcNow(), why);
            changed = !ReferenceEquals(next, r);
            return next;
        }, cancellationToken);
        if (changed && updated is not null)
        {
            await AuditExpiredAsync(updated, cancellationToken);
            await NotifyAsync(updated, cancellationToken);
        }

        return updated;
    }

    public Task AuditExpiredAsync(ForceRequest request, CancellationToken cancellationToken) =>
        audit.WriteAsync(AuditKind.ForceExpired, "engine", request.Service,
            $"force-promote `{request.Id}` of {request.ShortCommit} {request.PairLabel} expired: {request.Note}",
            request.PairLabel, request.ShortCommit, ForceRequestFacts.Data(request), cancellationToken);

    /// <summary>
    /// Publishes the request's change (the store queued its announcement with the write); a failure is logged and never
    /// stops the flow: the queued announcement is delivered by the next pass.
    /// </summary>
    public async Task NotifyAsync(ForceRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await events.PublishAsync(new ForceRequestChanged { Request = request, At = time.GetUtcNow() }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Publishing the change of force request {Request} failed", request.Id);
        }
    }
}
