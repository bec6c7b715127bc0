namespace Deployer.Core.Checks;

/// <summary><c>release-age</c>: the upstream release has baked at least <c>min</c>.</summary>
public sealed class ReleaseAgeCheck : ICheck
{
    public string Name => CheckNames.ReleaseAge;
    public bool IsLocal => true;

    public ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (context.Checks.ReleaseAge is not { } spec)
        {
            return ValueTask.FromResult<IReadOnlyList<CheckResult>>([]);
        }

        CheckResult result;
        if (context.UpstreamLiveSince is not { } since)
        {
            result = CheckResult.Unknown(Name, "upstream release time unknown");
        }
        else
        {
            var age = context.Now - since;
            var ready = since + spec.Min;
            result = age >= spec.Min
                ? CheckResult.Pass(Name, $"release is {Reasons.Duration(age)} old (needs {Reasons.Duration(spec.Min)})")
                : CheckResult.Fail(Name, $"release is {Reasons.Duration(age)} old, needs {Reasons.Duration(spec.Min)} (ready at {Reasons.At(ready, context.Now)})") with { ClearsAt = ready };
        }

        return ValueTask.FromResult<IReadOnlyList<CheckResult>>([result.Apply(spec.Mode)]);
    }
}
