namespace Deployer.Integrations.Local;

/// <summary>How the release simulator behaves: how often a release comes from another branch and how its tests go.</summary>
public sealed record LocalSimulatorSettings
{
    /// <summary>Share of simulated releases built from a branch other than the manifest's (0..1).</summary>
    public double OtherBranchRatio { get; init; } = 0.2;

    /// <summary>Share of simulated releases whose integration tests fail (0..1).</summary>
    public double TestFailureRatio { get; init; } = 0.1;

    /// <summary>How long a simulated release's integration tests run before they report.</summary>
    public TimeSpan TestDuration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The branches other than the manifest's that releases come from.</summary>
    public IReadOnlyList<string> OtherBranches { get; init; } = ["feature/x", "hotfix/login-timeout", "experiment/cache"];
}
