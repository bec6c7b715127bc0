using Deployer.Bot.Health;
using Deployer.Core.Engine;
using Microsoft.Extensions.Hosting;

namespace Deployer.Bot.Scheduling;

/// <summary>
/// The engine's once-per-process steps, at start-up and before the scheduler runs the first cycle: load the stored
/// decisions (so nothing unchanged is announced again) and start settling the promotions a crash left open. A damaged
/// store is left alone: its cycles do not run (see <see cref="CycleRunner"/>).
/// </summary>
internal sealed class EngineStartup(PromotionEngine engine, CycleRunner cycles, StoreMonitor? store = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store?.Damage is not null)
        {
            return;
        }

        await engine.HydrateAsync(cancellationToken);
        await cycles.EnsureReconciledAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
