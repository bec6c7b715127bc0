using Deployer.Core.Ports;

namespace Deployer.Core.Checks;

/// <summary><c>branch</c>: the upstream commit is on the configured branch.</summary>
public sealed class BranchCheck : ICheck
{
    public string Name => CheckNames.Branch;
    public bool IsLocal => false;

    public async ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (context.Checks.Branch is not { } spec)
        {
            return [];
        }

        var branch = spec.Name ?? context.Manifest.Branch;
        if (context.Upstream is not { } release)
        {
            return [CheckResult.Unknown(Name, "no upstream release").Apply(spec.Mode)];
        }

        var membership = await context.Sources.BranchAsync(context.Manifest, release, branch);
        var result = membership switch
        {
            BranchMembership.OnBranch => CheckResult.Pass(Name, $"{release.ShortCommit} is on {branch}"),
            BranchMembership.NotOnBranch => CheckResult.Fail(Name, release.Branch is { Length: > 0 } b && !string.Equals(b, branch, StringComparison.Ordinal)
                ? $"{release.ShortCommit} is from branch {b}, not {branch}"
                : $"{release.ShortCommit} is not on {branch}"),
            _ => CheckResult.Unknown(Name, $"cannot tell whether {release.ShortCommit} is on {branch}"),
        };
        return [result.Apply(spec.Mode)];
    }
}
