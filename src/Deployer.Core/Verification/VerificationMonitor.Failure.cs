using Deployer.Core.Audit;
using Deployer.Core.Checks;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Verification;

/// <summary>A failed window: the rejection, the announcement, then the hold and the rollback, each recorded once done.</summary>
internal sealed partial class VerificationMonitor
{
    private async Task<StageVerification> FailAsync(
        IVerificationStore store, StageVerification current, CheckResult failing, VerifyFailureAction onFailure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rejection = new RejectedCommit(current.Commit, VerificationText.Cause(failing.Check, failing.Reason), now);
        var failed = current with
        {
            State = VerificationState.Failed,
            EndedAt = now,
            UnknownSince = null,
            Reason = $"{failing.Check}: {failing.Reason}",
            Rejected = [.. current.Rejected.Where(r => !Release.CommitsMatch(r.Commit, current.Commit)), rejection],
        };
        var announcement = new VerificationFailed { Verification = failed, Check = failing.Check, CheckReason = failing.Reason, OnFailure = onFailure, At = now };
        await EndAsync(store, failed, announcement, AuditKind.VerificationFailed,
            $"{VerificationText.Rejected(rejection, failed.Stage, now)}; holding {failed.Stage}" + (onFailure == VerifyFailureAction.Rollback ? " and rolling it back" : ""),
            cancellationToken);
        return failed;
    }

    /// <summary>The hold (always) and the rollback (<c>onFailure: rollback</c>) of a failed verification, each recorded as done once done.</summary>
    private async Task<StageVerification> ActOnFailureAsync(
        IVerificationStore store, StageVerification failed, VerifySpec? spec, DateTimeOffset now, List<Hold> placed, CancellationToken cancellationToken)
    {
        var (check, reason) = Split(failed.Reason);
        if (!failed.HoldPlaced)
        {
            var hold = new Hold { Service = failed.Service, Stage = failed.Stage, Reason = VerificationText.HoldReason(check, reason), By = Actor, CreatedAt = now };
            var change = await state.Holds.PlaceAsync(hold, cancellationToken);
            placed.Add(hold);
            await state.Audit.AppendAsync(new AuditEntry
            {
                At = now, Service = failed.Service, Kind = AuditKind.Hold, Actor = Actor, Pair = $"{failed.From}→{failed.Stage}",
                Commit = failed.ShortCommit, Summary = $"held {failed.Stage} (no expiry): {hold.Reason}",
            }, cancellationToken);
            await PublishAsync(change, cancellationToken);
            failed = failed with { HoldPlaced = true };
            await store.SaveAsync(failed, null, cancellationToken);
        }

        if (spec?.OnFailure == VerifyFailureAction.Rollback && !failed.RollbackDone)
        {
            if (state.Rollback is { } rollback)
            {
                var outcome = await rollback.RollbackAsync(new RollbackRequest(failed.Service, failed.Stage, Actor, VerificationText.HoldReason(check, reason)), cancellationToken);
                logger.LogWarning("Automatic rollback of {Service} {Stage} after failed verification: {Message}", failed.Service, failed.Stage, outcome.Message);
            }
            else
            {
                logger.LogError("{Service} {Stage} failed verification with onFailure rollback, but no rollback is available: the stage is held only", failed.Service, failed.Stage);
            }

            failed = failed with { RollbackDone = true };
            await store.SaveAsync(failed, null, cancellationToken);
        }

        return failed;
    }

    private static (string Check, string Reason) Split(string? reason)
    {
        var text = reason ?? "unknown";
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? ("health", text) : (text[..colon], text[(colon + 2)..]);
    }
}
