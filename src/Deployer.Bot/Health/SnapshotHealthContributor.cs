using Deployer.Bot.Endpoints;
using Deployer.Core.Engine;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Health;

/// <summary>
/// <c>snapshots</c>: degraded when some pipeline's picture is older than three <c>Engine:Interval</c>s (at least 30 s):
/// the platform's API budget leaves it unread, or its reads fail.
/// </summary>
internal sealed class SnapshotHealthContributor(PromotionEngine engine, IOptions<EngineOptions> options, TimeProvider time) : IHealthContributor
{
    public string Name => "snapshots";

    /// <summary>The last reading, for the response's <c>snapshots</c> section.</summary>
    public SnapshotHealth? Last { get; private set; }

    public ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.Interval;
        var sweep = engine.LastSweep;
        var oldest = engine.Sweep.OldestAge(engine.Catalog.All, time.GetUtcNow());

        // Three intervals, but never under 30 s: a sub-second test interval must not make a busy machine look degraded.
        var limit = TimeSpan.FromTicks(Math.Max(3 * interval.Ticks, TimeSpan.FromSeconds(30).Ticks));
        var stale = oldest is { } age && age > limit;
        var detail = oldest is not { } a ? "no sweep yet"
            : stale ? $"a pipeline's snapshot is {a.TotalSeconds:0}s old (over {limit.TotalSeconds:0}s, 3 intervals): reads are skipped for API budget or failing"
            : $"oldest snapshot {a.TotalSeconds:0}s old";
        var health = stale ? ComponentHealth.Degraded(detail) : ComponentHealth.Healthy(detail);
        Last = new SnapshotHealth(health.Status, detail, oldest?.TotalSeconds, sweep.Read, sweep.Skipped);
        return ValueTask.FromResult(health);
    }
}
