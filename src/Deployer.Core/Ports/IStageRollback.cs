namespace Deployer.Core.Ports;

/// <summary>
/// Returns every target of a stage to the release it ran before the last promotion into it (issue 15). Used by the
/// engine when a verification fails with <c>onFailure: rollback</c>, by the <c>rollback</c> verb and by the
/// <b>Roll back</b> button. Crash-safe through the promotion ledger: intent before the platform call, outcome after.
/// </summary>
public interface IStageRollback
{
    Task<RollbackOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken);
}

/// <param name="Actor">Who asked: a Slack user id, a console user, or <c>deployer</c> for the engine.</param>
public sealed record RollbackRequest(string Service, string Stage, string Actor, string Reason);

/// <param name="Refused">Nothing was attempted (no previous release recorded, verb not configured, an open intent); <paramref name="Message"/> says why and what to do.</param>
public sealed record RollbackOutcome(bool Succeeded, bool Refused, string Message, string? FromCommit, string? ToCommit);
