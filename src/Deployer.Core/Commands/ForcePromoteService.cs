using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Core.Commands;

/// <summary>
/// The force-promote flow: request → approvals (distinct, never the requester) → promotion at once through the engine.
/// During an open incident a force-promoter's request proceeds without approvals, marked break-glass, unless someone
/// else holds the stage: then it needs one approval.
/// </summary>
public sealed class ForcePromoteService
{
    private readonly IForceRequestStore _store;
    private readonly IPairPromoter _promoter;
    private readonly AuthorizationPolicy _policy;
    private readonly IncidentProbe _incidents;
    private readonly CommandAudit _audit;
    private readonly IManifestCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ForceRequestExecution _execution;

    public ForcePromoteService(
        IForceRequestStore store, IPairPromoter promoter, AuthorizationPolicy policy, IncidentProbe incidents, CommandAudit audit,
        IEventPublisher events, IManifestCatalog catalog, TimeProvider time, ILogger<ForcePromoteService>? logger = null)
    {
        _store = store;
        _promoter = promoter;
        _policy = policy;
        _incidents = incidents;
        _audit = audit;
        _catalog = catalog;
        _time = time;
        _execution = new ForceRequestExecution(store, promoter, audit, events, time, logger ?? NullLogger<ForcePromoteService>.Instance);
    }

    private AuthorizationOptions Options => _policy.Options;

    public async Task<CommandResult<ForceRequest>> RequestAsync(Caller caller, ServiceManifest manifest, string stage, string reason, CancellationToken cancellationToken)
    {
        var permission = await _policy.CanForceAsync(caller, manifest, cancellationToken);
        if (!permission.Allowed)
        {
            await _audit.RefusalAsync(caller, manifest.Service, $"force {manifest.Service} {stage}", permission.Refusal!, cancellationToken);
            return CommandResult<ForceRequest>.Refusal(permission.Refusal!);
        }

        var decision = await _promoter.EvaluatePairAsync(manifest, stage, cancellationToken);
        if (ForceRequestFacts.NothingToForce(decision) is { } why)
        {
            return CommandResult<ForceRequest>.Fail(why);
        }

        var open = await _store.GetOpenAsync(cancellationToken);
        if (open.FirstOrDefault(r => r.PairKey == decision.PairKey) is { } existing)
        {
            return CommandResult<ForceRequest>.Fail(
                $"Request `{existing.Id}` by {existing.RequestedBy} to promote {existing.ShortCommit} {existing.PairLabel} is already {existing.Status.ToString().ToLowerInvariant()}; approve or reject it first.");
        }

        var now = _time.GetUtcNow();
        var incidents = Options.BreakGlassDuringIncident ? await _incidents.GetOpenAsync(manifest, stage, cancellationToken) : [];
        // Break-glass skips the wait for approvals of failing checks, never another person's hold: a force into a stage
        // someone else held still needs one approval (or that person's resume).
        var othersHold = decision.Hold is { } h && !string.Equals(h.By, caller.UserId, StringComparison.OrdinalIgnoreCase) ? h : null;
        var breakGlass = incidents.Count > 0 && othersHold is null;
        var release = decision.Upstream!;
        var request = new ForceRequest
        {
            Id = ForceRequest.NewId(),
            Service = manifest.Service,
            From = decision.From,
            To = decision.To,
            Commit = release.Commit,
            Version = release.Version,
            RequestedBy = caller.UserId,
            Reason = reason,
            RequestedAt = now,
            ExpiresAt = now + Options.ApprovalTimeout,
            BypassedChecks = ForceRequestFacts.Failing(decision),
            RequiredApprovals = incidents.Count > 0 ? 1 : Options.RequiredApprovals,
            BreakGlass = breakGlass,
            Status = breakGlass ? ForceRequestStatus.Promoting : ForceRequestStatus.Pending,
            Incidents = [.. incidents.Select(i => $"{i.Id} {i.Title} ({i.Status})")],
            Note = othersHold is null || incidents.Count == 0 ? null
                : $"break-glass does not bypass the hold by {othersHold.By} ({othersHold.Reason}): one approval, or {othersHold.By}'s resume, is still needed",
        };
        await _store.AddAsync(request, cancellationToken);
        await _audit.WriteAsync(
            request.BreakGlass ? AuditKind.BreakGlass : AuditKind.ForceRequested, caller.UserId, request.Service,
            request.BreakGlass
                ? $"break-glass force-promote {request.ShortCommit} {request.PairLabel} during {string.Join("; ", request.Incidents)}: {reason}"
                : $"requested force-promote {request.ShortCommit} {request.PairLabel}: {reason}",
            request.PairLabel, request.ShortCommit, ForceRequestFacts.Data(request), cancellationToken);
        await _execution.NotifyAsync(request, cancellationToken);

        if (request.BreakGlass)
        {
            request = await _execution.ExecuteAsync(request, decision, PromotionTrigger.BreakGlass, cancellationToken);
        }

        return CommandResult<ForceRequest>.Ok(request);
    }

    public async Task<CommandResult<ForceDecision>> ApproveAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var permission = await _policy.CanApproveAsync(caller, "approve", cancellationToken);
        if (!permission.Allowed)
        {
            var service = (await _store.GetAsync(id, cancellationToken))?.Service;
            await _audit.RefusalAsync(caller, service, $"approve {id}", permission.Refusal!, cancellationToken);
            return CommandResult<ForceDecision>.Refusal(permission.Refusal!);
        }

        if (await _store.GetAsync(id, cancellationToken) is not { } request)
        {
            return CommandResult<ForceDecision>.Fail($"No force-promote request `{id}`.");
        }

        // Cheap refusals first, before asking the platform for the pair's state.
        if (request.Status != ForceRequestStatus.Pending)
        {
            return CommandResult<ForceDecision>.Fail(ForceRequestFacts.NotPending(request));
        }

        if (string.Equals(request.RequestedBy, caller.UserId, StringComparison.OrdinalIgnoreCase))
        {
            return await SelfApprovalAsync(caller, request, cancellationToken);
        }

        var decision = await CurrentAsync(request, cancellationToken);
        if (decision is null || ForceRequestFacts.Stale(request, decision) is not null)
        {
            var expired = await _execution.ExpireAsync(request.Id, decision is null ? $"{request.Service} no longer has that pair" : ForceRequestFacts.Stale(request, decision)!, cancellationToken);
            return CommandResult<ForceDecision>.Fail($"Request `{id}` can no longer run: {expired?.Note}.");
        }

        var failing = ForceRequestFacts.Failing(decision);
        var outcome = ApprovalOutcome.NotPending;
        var updated = await _store.UpdateAsync(id, r =>
        {
            var (next, o) = ForceRequestMachine.Approve(r, caller.UserId, _time.GetUtcNow(), failing);
            outcome = o;
            return next;
        }, cancellationToken) ?? request;

        switch (outcome)
        {
            case ApprovalOutcome.SelfApproval:
                return await SelfApprovalAsync(caller, updated, cancellationToken);
            case ApprovalOutcome.AlreadyApproved:
                return CommandResult<ForceDecision>.Ok(new ForceDecision(updated, outcome));
            case ApprovalOutcome.NotPending:
                return CommandResult<ForceDecision>.Fail(ForceRequestFacts.NotPending(updated));
            case ApprovalOutcome.Expired:
                await _execution.AuditExpiredAsync(updated, cancellationToken);
                await _execution.NotifyAsync(updated, cancellationToken);
                return CommandResult<ForceDecision>.Fail(ForceRequestFacts.NotPending(updated));
        }

        await _audit.WriteAsync(AuditKind.ForceApproved, caller.UserId, updated.Service,
            $"approved force-promote `{updated.Id}` of {updated.ShortCommit} {updated.PairLabel} ({updated.Approvals.Count}/{updated.RequiredApprovals}); failing then: {ForceRequestFacts.Join(failing)}",
            updated.PairLabel, updated.ShortCommit, ForceRequestFacts.Data(updated, failing), cancellationToken);
        await _execution.NotifyAsync(updated, cancellationToken);
        if (outcome == ApprovalOutcome.Approved)
        {
            updated = await _execution.ExecuteAsync(updated, decision, PromotionTrigger.Forced, cancellationToken);
        }

        return CommandResult<ForceDecision>.Ok(new ForceDecision(updated, outcome));
    }

    public async Task<CommandResult<ForceDecision>> RejectAsync(Caller caller, string id, string? reason, CancellationToken cancellationToken)
    {
        var request = await _store.GetAsync(id, cancellationToken);
        var withdrawing = request is not null && string.Equals(request.RequestedBy, caller.UserId, StringComparison.OrdinalIgnoreCase);
        if (!withdrawing)
        {
            var permission = await _policy.CanApproveAsync(caller, "reject", cancellationToken);
            if (!permission.Allowed)
            {
                await _audit.RefusalAsync(caller, request?.Service, $"reject {id}", permission.Refusal!, cancellationToken);
                return CommandResult<ForceDecision>.Refusal(permission.Refusal!);
            }
        }

        if (request is null)
        {
            return CommandResult<ForceDecision>.Fail($"No force-promote request `{id}`.");
        }

        var outcome = ApprovalOutcome.NotPending;
        var updated = await _store.UpdateAsync(id, r =>
        {
            var (next, o) = ForceRequestMachine.Reject(r, caller.UserId, _time.GetUtcNow(), reason);
            outcome = o;
            return next;
        }, cancellationToken) ?? request;

        switch (outcome)
        {
            case ApprovalOutcome.Rejected:
                await _audit.WriteAsync(AuditKind.ForceRejected, caller.UserId, updated.Service,
                    $"{updated.Note} (force-promote `{updated.Id}` of {updated.ShortCommit} {updated.PairLabel})",
                    updated.PairLabel, updated.ShortCommit, ForceRequestFacts.Data(updated), cancellationToken);
                await _execution.NotifyAsync(updated, cancellationToken);
                return CommandResult<ForceDecision>.Ok(new ForceDecision(updated, outcome));
            case ApprovalOutcome.Expired:
                await _execution.AuditExpiredAsync(updated, cancellationToken);
                await _execution.NotifyAsync(updated, cancellationToken);
                break;
        }

        return CommandResult<ForceDecision>.Fail(ForceRequestFacts.NotPending(updated));
    }

    /// <summary>Expires pending requests past their deadline, and those whose pair is now in sync or whose upstream moved on.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        foreach (var request in await _store.GetOpenAsync(cancellationToken))
        {
            if (request.Status != ForceRequestStatus.Pending)
            {
                continue;
            }

            var why = _time.GetUtcNow() >= request.ExpiresAt
                ? $"no decision within {ForceRequestFacts.Describe(request.ExpiresAt - request.RequestedAt)}"
                : _promoter.Latest(request.PairKey) is { } latest ? ForceRequestFacts.Stale(request, latest) : null;
            if (why is not null && await _execution.ExpireAsync(request.Id, why, cancellationToken) is { Status: ForceRequestStatus.Expired })
            {
                expired++;
            }
        }

        return expired;
    }

    private async Task<PairDecision?> CurrentAsync(ForceRequest request, CancellationToken cancellationToken) =>
        _catalog.Find(request.Service) is { } manifest && manifest.FindStage(request.To) is not null
            ? await _promoter.EvaluatePairAsync(manifest, request.To, cancellationToken)
            : null;

    private async Task<CommandResult<ForceDecision>> SelfApprovalAsync(Caller caller, ForceRequest request, CancellationToken cancellationToken)
    {
        const string why = "you may not approve your own force-promote request; another Approver must";
        await _audit.RefusalAsync(caller, request.Service, $"approve {request.Id}", why, cancellationToken);
        return CommandResult<ForceDecision>.Refusal(why);
    }
}
