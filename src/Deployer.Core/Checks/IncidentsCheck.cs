namespace Deployer.Core.Checks;

/// <summary><c>incidents</c>: no open incident on the listed services.</summary>
public sealed class IncidentsCheck : ICheck
{
    public string Name => CheckNames.Incidents;
    public bool IsLocal => false;

    public async ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (context.Checks.Incidents is not { } spec)
        {
            return [];
        }

        var incidents = await context.Sources.IncidentsAsync(spec.Source);
        var open = incidents
            .Where(i => spec.Services.Contains(i.Service, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var result = open.Count == 0
            ? CheckResult.Pass(Name, $"no open incident on {string.Join(", ", spec.Services)}")
            : CheckResult.Fail(Name, open.Count == 1
                ? $"incident {open[0].Id} on {open[0].Service} is {open[0].Status}: {open[0].Title}"
                : $"{open.Count} open incidents: " + string.Join("; ", open.Take(3).Select(i => $"{i.Id} on {i.Service} ({i.Status}): {i.Title}")));
        return [result.Apply(spec.Mode)];
    }
}
