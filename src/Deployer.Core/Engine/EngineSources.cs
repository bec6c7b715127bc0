using Deployer.Core.Ports;

namespace Deployer.Core.Engine;

/// <summary>The outside systems checks read from. Any may be absent; a check that needs a missing one is Unknown.</summary>
public sealed record EngineSources(
    IEnumerable<IAlertSource> Alerts,
    IEnumerable<IIncidentSource> Incidents,
    IEnumerable<ITestResults> Tests,
    IEnumerable<ICommitInfo> Commits)
{
    public static EngineSources None { get; } = new([], [], [], []);
}
