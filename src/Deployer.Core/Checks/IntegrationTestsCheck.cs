using Deployer.Core.Ports;

namespace Deployer.Core.Checks;

/// <summary><c>integration-tests</c>: the suite passed for the upstream commit, and the release has run at least <c>minRuntime</c>.</summary>
public sealed class IntegrationTestsCheck : ICheck
{
    public string Name => CheckNames.IntegrationTests;
    public bool IsLocal => false;

    public async ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (context.Checks.IntegrationTests is not { } spec)
        {
            return [];
        }

        if (context.Upstream is not { } release)
        {
            return [CheckResult.Unknown(Name, "no upstream release").Apply(spec.Mode)];
        }

        var result = await context.Sources.TestResultAsync(context.Manifest, release.Commit, spec.Suite);
        return [Judge(spec.Suite, spec.MinRuntime, release.ShortCommit, result, context).Apply(spec.Mode)];
    }

    private CheckResult Judge(string suite, TimeSpan minRuntime, string commit, TestResult? result, CheckContext context)
    {
        switch (result?.Status)
        {
            case null:
                return CheckResult.Fail(Name, $"{suite} has not reported on {commit} yet");
            case TestRunStatus.Pending:
                return CheckResult.Fail(Name, $"{suite} is still running on {commit}");
            case TestRunStatus.Failed:
                var when = result.CompletedAt is { } at ? $" at {Reasons.At(at, context.Now)}" : "";
                return CheckResult.Fail(Name, $"{suite} failed on {commit}{when}");
        }

        if (context.UpstreamLiveSince is not { } since)
        {
            return CheckResult.Unknown(Name, "upstream release time unknown");
        }

        var runtime = context.Now - since;
        if (runtime < minRuntime)
        {
            var ready = since + minRuntime;
            return CheckResult.Fail(Name, $"{suite} passed, but the release has run {Reasons.Duration(runtime)}, needs {Reasons.Duration(minRuntime)} (ready at {Reasons.At(ready, context.Now)})") with { ClearsAt = ready };
        }

        return CheckResult.Pass(Name, $"{suite} passed on {commit}, live {Reasons.Duration(runtime)}");
    }
}
