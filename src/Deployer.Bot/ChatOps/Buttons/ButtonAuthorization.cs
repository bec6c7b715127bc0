using Deployer.Core.Commands;
using Deployer.Core.Manifests;

namespace Deployer.Bot.ChatOps.Buttons;

/// <summary>
/// The checks the hold, force, rollback and reject verbs make, made at a button's click (so nobody fills in a modal
/// only to be refused) and again at the modal's submission; the verb makes them once more when it runs. A refusal is
/// audited exactly as a typed one is, and its text returned; null means allowed.
/// </summary>
internal sealed class ButtonAuthorization(AuthorizationPolicy policy, CommandAudit audit)
{
    /// <summary><paramref name="verb"/> is <c>hold</c>, <c>force</c> or <c>rollback</c>.</summary>
    public async Task<string?> RefusalAsync(Caller caller, ServiceManifest manifest, string verb, string? stage, CancellationToken cancellationToken)
    {
        var permission = verb switch
        {
            "hold" => await policy.CanHoldAsync(caller, manifest, "hold", cancellationToken),
            "force" => await policy.CanForceAsync(caller, manifest, cancellationToken),
            "rollback" => await policy.CanHoldAsync(caller, manifest, "roll back", cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, "hold, force or rollback"),
        };
        if (permission.Allowed)
        {
            return null;
        }

        await audit.RefusalAsync(caller, manifest.Service, $"{verb} {manifest.Service} {stage ?? CommandParser.WholePipeline}", permission.Refusal!, cancellationToken);
        return permission.Refusal;
    }

    /// <summary>Reject: Approvers, or the requester withdrawing their own request (as <see cref="ForcePromoteService.RejectAsync"/> allows).</summary>
    public async Task<string?> RejectRefusalAsync(Caller caller, string requestId, ForceRequest? request, CancellationToken cancellationToken)
    {
        if (request is not null && string.Equals(request.RequestedBy, caller.UserId, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var permission = await policy.CanApproveAsync(caller, "reject", cancellationToken);
        if (permission.Allowed)
        {
            return null;
        }

        await audit.RefusalAsync(caller, request?.Service, $"reject {requestId}", permission.Refusal!, cancellationToken);
        return permission.Refusal;
    }
}
