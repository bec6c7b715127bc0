namespace Deployer.Core.Manifests;

/// <summary>Where a service's decisions are announced.</summary>
public sealed record SlackSpec
{
    public string? Channel { get; init; }
}
