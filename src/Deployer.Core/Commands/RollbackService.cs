using Deployer.Core.Audit;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;

namespace Deployer.Core.Commands;

/// <summary>
/// The <c>rollback</c> verb and the verification message's <b>Roll back</b> and <b>Keep</b> buttons: authorized for
/// Operators and the service's owners, refusals audited, the rollback itself run by <see cref="IStageRollback"/>.
/// </summary>
public sealed class RollbackService(IStageRollback rollback, AuthorizationPolicy policy, CommandAudit audit, EngineState state)
{
    /// <param name="expectedCommit">
    /// A button's commit: the rollback runs only while the last promotion into the stage is still that commit's, so a
    /// stale button never rolls back a later promotion.
    /// </param>
    public async Task<CommandResult<RollbackOutcome>> RollbackAsync(
        Caller caller, ServiceManifest manifest, string stage, string reason, CancellationToken cancellationToken, string? expectedCommit = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(manifest);
        var action = $"rollback {manifest.Service} {stage}";
        var permission = await policy.CanHoldAsync(caller, manifest, "roll back", cancellationToken);
        if (!permission.Allowed)
        {
            await audit.RefusalAsync(caller, manifest.Service, action, permission.Refusal!, cancellationToken);
            return CommandResult<RollbackOutcome>.Refusal(permission.Refusal!);
        }

        if (expectedCommit is { Length: > 0 } && await StaleAsync(manifest, stage, expectedCommit, cancellationToken) is { } stale)
        {
            await audit.RefusalAsync(caller, manifest.Service, action, stale, cancellationToken);
            return CommandResult<RollbackOutcome>.Fail(stale);
        }

        var outcome = await rollback.RollbackAsync(new RollbackRequest(manifest.Service, stage, caller.UserId, reason), cancellationToken);
        if (outcome.Refused)
        {
            await audit.RefusalAsync(caller, manifest.Service, action, outcome.Message, cancellationToken);
            return CommandResult<RollbackOutcome>.Fail(outcome.Message);
        }

        return outcome.Succeeded ? CommandResult<RollbackOutcome>.Ok(outcome) : CommandResult<RollbackOutcome>.Fail(outcome.Message);
    }

    private async Task<string?> StaleAsync(ServiceManifest manifest, string stage, string expected, CancellationToken cancellationToken)
    {
        var recent = await state.Ledger.GetRecentAsync(manifest.Service, 500, cancellationToken);
        var last = recent.FirstOrDefault(i => i.Kind == IntentKind.Promote && i.Outcome == PromotionOutcome.Succeeded
            && string.Equals(i.To, stage, StringComparison.OrdinalIgnoreCase));
        var wanted = expected.Length > 7 ? expected[..7] : expected;
        return last is not null && Release.CommitsMatch(last.Commit, expected)
            ? null
            : $"This button is about `{wanted}`, but the last promotion into {manifest.Service} {stage} is {(last is null ? "not recorded" : $"`{(last.Commit.Length > 7 ? last.Commit[..7] : last.Commit)}`")}: nothing was rolled back. Use `rollback {manifest.Service} {stage}` if you mean that one";
    }

    /// <summary>The <b>Keep</b> button: the hold stays; who decided so is audited.</summary>
    public async Task<CommandResult<string>> KeepAsync(Caller caller, ServiceManifest manifest, string stage, string? commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(manifest);
        var permission = await policy.CanHoldAsync(caller, manifest, "keep the hold on", cancellationToken);
        if (!permission.Allowed)
        {
            await audit.RefusalAsync(caller, manifest.Service, $"keep {manifest.Service} {stage}", permission.Refusal!, cancellationToken);
            return CommandResult<string>.Refusal(permission.Refusal!);
        }

        var release = commit is { Length: > 0 } c ? $" on `{(c.Length > 7 ? c[..7] : c)}`" : "";
        await audit.WriteAsync(AuditKind.VerificationKept, caller.UserId, manifest.Service,
            $"kept {manifest.Service} {stage} held{release.Replace("`", "", StringComparison.Ordinal)} after its verification failed (not rolled back)", stage, commit,
            new Dictionary<string, string> { ["stage"] = stage, ["commit"] = commit ?? "" }, cancellationToken);
        return CommandResult<string>.Ok($"{manifest.Service} {stage}{release} stays held and is not rolled back");
    }
}
