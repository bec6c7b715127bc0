namespace Deployer.Bot.Local;

/// <summary>The release simulator (section <c>Local:Simulator</c>); validated by <see cref="LocalOptionsValidator"/>.</summary>
public sealed class LocalSimulatorOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Time between simulated releases (each lands on one local pipeline picked at random).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>When the first simulated release lands after start (on every local pipeline at once).</summary>
    public TimeSpan FirstReleaseAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of releases from a branch other than the manifest's (0..1).</summary>
    public double OtherBranchRatio { get; set; } = 0.2;

    /// <summary>Share of releases whose integration tests fail (0..1).</summary>
    public double TestFailureRatio { get; set; } = 0.1;

    /// <summary>How long a simulated release's integration tests run.</summary>
    public TimeSpan TestDuration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Share of promoted releases that "go bad" while verifying: a firing alert is added to the world for their stage (0..1).</summary>
    public double BadReleaseRatio { get; set; } = 0.2;

    /// <summary>How long a bad release's simulated alert fires.</summary>
    public TimeSpan BadReleaseAlertFor { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Seed for the simulator's randomness; null: different every run.</summary>
    public int? Seed { get; set; }
}
