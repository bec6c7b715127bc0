using Deployer.Core.Verification;

namespace Deployer.Core.Checks;

/// <summary>
/// <c>rejected</c>: the upstream commit did not fail verification in the downstream stage before. Reports only when it
/// did (<c>4f2a1c0 failed verification in production at 14:20 UTC (alert router is up: firing)</c>): such a commit is
/// promoted there again only by a force-promote, and a different upstream commit clears it.
/// </summary>
public sealed class RejectedCheck : ICheck
{
    public string Name => CheckNames.Rejected;
    public bool IsLocal => true;

    public ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (context.Upstream is not { } upstream)
        {
            return ValueTask.FromResult<IReadOnlyList<CheckResult>>([]);
        }

        if (context.VerificationsUnreadable is { } error)
        {
            return ValueTask.FromResult<IReadOnlyList<CheckResult>>([CheckResult.Unknown(Name, $"cannot read rejected commits: {error}")]);
        }

        var rejected = context.Verifications
            .Where(v => string.Equals(v.Stage, context.To.Name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(v => v.Rejected)
            .LastOrDefault(r => Releases.Release.CommitsMatch(r.Commit, upstream.Commit));
        return ValueTask.FromResult<IReadOnlyList<CheckResult>>(rejected is null
            ? []
            : [CheckResult.Fail(Name, VerificationText.Rejected(rejected, context.To.Name, context.Now))]);
    }
}
