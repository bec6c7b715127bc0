namespace Deployer.Core.Checks;

/// <summary><c>hold</c>: no operator hold on the pipeline or on the downstream stage.</summary>
public sealed class HoldCheck : ICheck
{
    public string Name => CheckNames.Hold;
    public bool IsLocal => true;

    public ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (context.HoldsUnreadable is { } error)
        {
            return Single(CheckResult.Unknown(Name, $"cannot read holds: {error}"));
        }

        var hold = context.Holds.FirstOrDefault(h => h.IsActiveAt(context.Now) && h.Covers(context.To.Name));
        if (hold is null)
        {
            return Single(CheckResult.Pass(Name, "no hold"));
        }

        var scope = hold.Stage is null ? "pipeline" : hold.Stage;
        var until = hold.Until is { } u ? $" until {Reasons.At(u, context.Now)}" : "";
        return Single(CheckResult.Fail(Name, $"{scope} held by {hold.By}{until}: {hold.Reason}") with { ClearsAt = hold.Until });
    }

    private static ValueTask<IReadOnlyList<CheckResult>> Single(CheckResult result) => ValueTask.FromResult<IReadOnlyList<CheckResult>>([result]);
}
