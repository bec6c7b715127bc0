using Deployer.Bot.Telemetry;
using Deployer.Core.Checks;

namespace Deployer.Bot.Health;

/// <summary><c>sources</c>: degraded while an outside system's last call failed (its checks are <c>unknown</c> and block).</summary>
internal sealed class OutsideSourcesHealthContributor(DeployerMetrics metrics, TimeProvider time) : IHealthContributor
{
    public string Name => "sources";

    public ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var systems = metrics.Sources.Systems.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var failing = systems.Where(s => s.Value.Failing).ToList();
        if (failing.Count == 0)
        {
            return ValueTask.FromResult(ComponentHealth.Healthy(systems.Count == 0 ? "none called yet" : $"{systems.Count} answering"));
        }

        var details = failing.Select(s =>
            $"{s.Key}: {s.Value.LastError} ({Reasons.Duration(now - s.Value.LastErrorAt!.Value)} ago; last success {(s.Value.LastSuccessAt is { } ok ? $"{Reasons.Duration(now - ok)} ago" : "never")})");
        return ValueTask.FromResult(ComponentHealth.Degraded(string.Join("; ", details)));
    }
}
