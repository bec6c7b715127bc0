namespace Deployer.Bot.Scheduling;

/// <summary>Quartz cluster timings with <c>Store:Provider=PostgreSql</c> (section <c>Cluster</c>).</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>How often each node records in the database that it is alive.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a node may miss its check-in before another node declares it dead and takes over its jobs.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(15);
}
