using Deployer.Bot.Health;
using Deployer.Core.Engine;
using Microsoft.Extensions.Hosting;

namespace Deployer.Bot.Scheduling;

/// <summary>
/// The engine's once-per-process steps, at start-up and before the scheduler runs the first cycle: load the stored
/// decisions (so nothing unchanged is announced again) and, on a single node, start settling the promotions a crash
/// left open. A damaged
/// store is left alone: its cycles do not run (see <see cref="CycleRunner"/>).
/// </summary>
internal sealed class EngineStartup(PromotionEngine engine, CycleRunner cycles, IClusterState? cluster = null, StoreMonitor? store = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store?.Damage is not null)
        {
            return;
        }

        await engine.HydrateAsync(cancellationToken);
        if (cluster?.Clustered != true)
        {
            // In a cluster the dead nodes' promotions are settled before every cycle, by the one node running it: a
            // node settling them at its own start as well would race that node and settle (and audit) one twice.
            await cycles.EnsureReconciledAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
