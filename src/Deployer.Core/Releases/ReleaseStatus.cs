namespace Deployer.Core.Releases;

/// <summary>A release's state on its platform.</summary>
public enum ReleaseStatus
{
    Succeeded,
    Pending,
    Failed,
}
