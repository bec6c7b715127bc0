using Deployer.Core.Audit;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Commands;

/// <summary>The hold and resume commands: authorize, change the store, audit. The store queues each change's announcement with it; the change is then published.</summary>
public sealed class HoldService(IHoldStore holds, AuthorizationPolicy policy, CommandAudit audit, IEventPublisher events, TimeProvider time, ILogger<HoldService>? logger = null)
{
    /// <summary>Puts a hold on the stage (or the pipeline), replacing an earlier hold on exactly that scope.</summary>
    public async Task<CommandResult<HoldChange>> HoldAsync(
        Caller caller, ServiceManifest manifest, string? stage, TimeSpan? duration, string reason, CancellationToken cancellationToken)
    {
        var permission = await policy.CanHoldAsync(caller, manifest, "hold", cancellationToken);
        if (!permission.Allowed)
        {
            await audit.RefusalAsync(caller, manifest.Service, $"hold {manifest.Service} {stage}".TrimEnd(), permission.Refusal!, cancellationToken);
            return CommandResult<HoldChange>.Refusal(permission.Refusal!);
        }

        var now = time.GetUtcNow();
        var hold = new Hold
        {
            Service = manifest.Service,
            Stage = stage,
            Reason = reason,
            By = caller.UserId,
            CreatedAt = now,
            Until = duration is { } d ? now + d : null,
        };
        var placed = await holds.PlaceAsync(hold, cancellationToken);
        var change = new HoldChange(manifest.Service, stage, hold, placed.Replaced);
        var until = hold.Until is { } u ? $" until {u:yyyy-MM-dd HH:mm} UTC" : "";
        await audit.WriteAsync(AuditKind.Hold, caller.UserId, manifest.Service, $"held {change.Scope}{until}: {reason}", stage, null,
            new Dictionary<string, string> { ["hold"] = hold.Id }, cancellationToken);
        await PublishAsync(placed, cancellationToken);
        return CommandResult<HoldChange>.Ok(change);
    }

    /// <summary>Lifts the hold on exactly that scope.</summary>
    public async Task<CommandResult<HoldChange>> ResumeAsync(Caller caller, ServiceManifest manifest, string? stage, CancellationToken cancellationToken)
    {
        var permission = await policy.CanHoldAsync(caller, manifest, "resume", cancellationToken);
        if (!permission.Allowed)
        {
            await audit.RefusalAsync(caller, manifest.Service, $"resume {manifest.Service} {stage}".TrimEnd(), permission.Refusal!, cancellationToken);
            return CommandResult<HoldChange>.Refusal(permission.Refusal!);
        }

        var lifted = await holds.LiftAsync(manifest.Service, stage, caller.UserId, time.GetUtcNow(), cancellationToken);
        var removed = lifted?.Lifted ?? [];
        var change = new HoldChange(manifest.Service, stage, null, removed);
        if (removed.Count == 0)
        {
            var active = await holds.GetActiveAsync(manifest.Service, time.GetUtcNow(), cancellationToken);
            var others = active.Count == 0
                ? $"{manifest.Service} has no holds at all"
                : "its holds: " + string.Join(", ", active.Select(h => h.Stage ?? "whole pipeline"));
            return CommandResult<HoldChange>.Fail($"Nothing to resume: {change.Scope} is not held ({others}).");
        }

        await audit.WriteAsync(AuditKind.Resume, caller.UserId, manifest.Service, $"resumed {change.Scope} (was: {removed[0].Reason})", stage, null,
            new Dictionary<string, string> { ["hold"] = string.Join(",", removed.Select(h => h.Id)) }, cancellationToken);
        await PublishAsync(lifted!, cancellationToken);
        return CommandResult<HoldChange>.Ok(change);
    }

    // The change and its announcement are stored; a failed publish leaves the announcement queued for the next pass.
    private async Task PublishAsync(DeployerEvent change, CancellationToken cancellationToken)
    {
        try
        {
            await events.PublishAsync(change, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger?.LogError(ex, "Publishing {Event} failed", change.GetType().Name);
        }
    }
}
