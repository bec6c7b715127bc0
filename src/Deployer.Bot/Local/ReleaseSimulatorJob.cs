using Quartz;

namespace Deployer.Bot.Local;

/// <summary>Local mode's release simulator as a Quartz job (<c>Local:Simulator:Interval</c>).</summary>
[DisallowConcurrentExecution]
public sealed class ReleaseSimulatorJob(ReleaseSimulation simulation) : IJob
{
    public static readonly JobKey Key = new("release-simulator", "local");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await simulation.TickAsync(cancellationToken);
}
