namespace Deployer.Bot.Tests.Scheduling;

/// <summary>Child-process tests run one at a time: each starts real bot processes on the 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostKillCollection
{
    public const string Name = "child bot processes";
}
