using Deployer.Bot.Scheduling;
using Deployer.Core.Checks;
using Deployer.Core.Engine;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Health;

/// <summary>
/// <c>cycles</c>: degraded when the last cycle completed longer ago than three intervals plus the snapshot timeout (or
/// none has completed that long after start), or when the last one failed outright.
/// </summary>
internal sealed class CycleHealthContributor(CycleRunner cycles, IOptions<EngineOptions> engine, TimeProvider time) : IHealthContributor
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public string Name => "cycles";

    public ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var status = cycles.Status;
        var now = time.GetUtcNow();
        var allowed = (engine.Value.Interval * 3) + engine.Value.SnapshotTimeout;
        var last = status.LastCompletedAt ?? _startedAt;
        var age = now - last;
        if (age > allowed)
        {
            var what = status.LastCompletedAt is null ? "no cycle completed since start" : $"last cycle completed {Reasons.Duration(age)} ago";
            var why = status.LastErrors.Count > 0 ? $": {status.LastErrors[0]}" : "";
            return ValueTask.FromResult(ComponentHealth.Degraded($"{what} (expected every {Reasons.Duration(engine.Value.Interval)}){why}"));
        }

        return ValueTask.FromResult(ComponentHealth.Healthy(status.LastCompletedAt is null ? "starting" : $"{status.Completed} cycles, last {Reasons.Duration(age)} ago"));
    }
}
