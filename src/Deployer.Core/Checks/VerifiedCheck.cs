using Deployer.Core.Verification;

namespace Deployer.Core.Checks;

/// <summary>
/// <c>verified</c>: the upstream stage's release passed its verification window, so it may move on (S→next waits for
/// S). On wherever the upstream stage is verified; a release nothing promoted into it (a first stage, a hand deploy)
/// has no window to wait for.
/// </summary>
public sealed class VerifiedCheck : ICheck
{
    public string Name => CheckNames.Verified;
    public bool IsLocal => true;

    public ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (context.Manifest.EffectiveVerify(context.From) is null)
        {
            return ValueTask.FromResult<IReadOnlyList<CheckResult>>([]);
        }

        return ValueTask.FromResult<IReadOnlyList<CheckResult>>([Evaluate(context)]);
    }

    private CheckResult Evaluate(CheckContext context)
    {
        if (context.VerificationsUnreadable is { } error)
        {
            return CheckResult.Unknown(Name, $"cannot read verifications: {error}");
        }

        var stage = context.From.Name;
        var upstream = context.Upstream;
        var verification = context.Verifications.FirstOrDefault(v =>
            string.Equals(v.Stage, stage, StringComparison.OrdinalIgnoreCase) && v.Commit.Length > 0);
        if (upstream is null || verification is null || !Releases.Release.CommitsMatch(verification.Commit, upstream.Commit))
        {
            return CheckResult.Pass(Name, upstream is null
                ? "nothing to verify"
                : $"{upstream.ShortCommit} was not promoted into {stage} by deployer: no window to wait for");
        }

        return verification.State switch
        {
            VerificationState.Verifying => CheckResult.Fail(Name, VerificationText.Verifying(verification, context.Now)) with { ClearsAt = verification.UntilAt(context.Now) },
            VerificationState.Verified => CheckResult.Pass(Name, $"{verification.ShortCommit} verified in {stage} at {Reasons.At(verification.EndedAt ?? verification.Until, context.Now)}"),
            VerificationState.Failed => CheckResult.Fail(Name, $"{verification.ShortCommit} failed verification in {stage}: {verification.Reason}"),
            _ => CheckResult.Pass(Name, $"verification of {verification.ShortCommit} in {stage} was superseded: {verification.Reason}"),
        };
    }
}
