using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Core.Checks;

/// <summary><c>alerts</c>: none of the watched alerts is firing. One result per watched alert.</summary>
public sealed class AlertsCheck : ICheck
{
    public string Name => CheckNames.Alerts;
    public bool IsLocal => false;

    public async ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var specs = (context.Checks.Alerts ?? []).Where(a => a.AppliesTo(context.To.Name)).ToList();
        var results = new List<CheckResult>(specs.Count);
        foreach (var spec in specs)
        {
            results.Add((await EvaluateOneAsync(spec, context, cancellationToken)).Apply(spec.Mode));
        }

        return results;
    }

    private async Task<CheckResult> EvaluateOneAsync(AlertSpec spec, CheckContext context, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, AlertStatus> statuses;
        try
        {
            statuses = await context.Sources.AlertsAsync(spec.Source);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResult.Unknown(Name, $"{spec.Name}: {ex.Message}");
        }

        if (!statuses.TryGetValue(spec.Key, out var status))
        {
            return CheckResult.Unknown(Name, $"{spec.Name}: {spec.Source} gave no answer for this alert");
        }

        return status.State switch
        {
            AlertState.Ok => CheckResult.Pass(Name, $"{spec.Name}: not firing"),
            AlertState.Firing => CheckResult.Fail(Name, $"{spec.Name}: firing ({status.Detail})"),
            _ => CheckResult.Unknown(Name, $"{spec.Name}: {status.Detail}"),
        };
    }
}
