namespace Deployer.Core.Checks;

/// <summary>The fixed list of check kinds, in kebab-case.</summary>
public static class CheckNames
{
    public const string Hold = "hold";
    public const string UpstreamConverged = "upstream-converged";
    public const string ReleaseAge = "release-age";
    public const string IntegrationTests = "integration-tests";
    public const string Incidents = "incidents";
    public const string Alerts = "alerts";
    public const string Branch = "branch";
    public const string DeployWindow = "deploy-window";
    public const string Verified = "verified";
    public const string Rejected = "rejected";

    public static IReadOnlyList<string> All { get; } =
        [Hold, UpstreamConverged, ReleaseAge, IntegrationTests, Incidents, Alerts, Branch, DeployWindow, Verified, Rejected];
}
