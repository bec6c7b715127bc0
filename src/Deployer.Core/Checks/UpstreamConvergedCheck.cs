using Deployer.Core.Releases;

namespace Deployer.Core.Checks;

/// <summary><c>upstream-converged</c>: every upstream target runs the same commit, successfully.</summary>
public sealed class UpstreamConvergedCheck : ICheck
{
    public string Name => CheckNames.UpstreamConverged;
    public bool IsLocal => true;

    public ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<CheckResult>>([Evaluate(context.UpstreamTargets)]);

    private CheckResult Evaluate(IReadOnlyList<TargetState> upstream)
    {
        var unreadable = upstream.FirstOrDefault(t => t.Release is null);
        if (unreadable is not null)
        {
            return CheckResult.Unknown(Name, $"cannot read {unreadable.Target}: {unreadable.Error ?? "no release"}");
        }

        var commits = upstream.GroupBy(t => t.Release!.ShortCommit, StringComparer.OrdinalIgnoreCase).ToList();
        if (commits.Count > 1)
        {
            var detail = string.Join(", ", commits.Select(g => $"{string.Join("/", g.Select(t => t.Target))} on {g.Key}"));
            return CheckResult.Fail(Name, $"upstream not converged: {detail}");
        }

        var notDone = upstream.FirstOrDefault(t => t.Release!.Status != ReleaseStatus.Succeeded);
        if (notDone is not null)
        {
            return CheckResult.Fail(Name, $"{notDone.Target} release v{notDone.Release!.Version} is {notDone.Release.Status.ToString().ToLowerInvariant()}");
        }

        var single = upstream.Count == 1 ? upstream[0].Target : $"all {upstream.Count} upstream targets";
        return CheckResult.Pass(Name, $"{single} on {commits[0].Key}");
    }
}
