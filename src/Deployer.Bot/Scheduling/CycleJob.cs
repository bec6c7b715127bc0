using Quartz;

namespace Deployer.Bot.Scheduling;

/// <summary>The promotion cycle as a Quartz job. Never concurrent: a long cycle delays the next one.</summary>
[DisallowConcurrentExecution]
public sealed class CycleJob(CycleRunner runner) : IJob
{
    public static readonly JobKey Key = new("promotion-cycle", "deployer");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(cancellationToken);
}
