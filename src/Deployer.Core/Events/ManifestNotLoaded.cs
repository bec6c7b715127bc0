namespace Deployer.Core.Events;

/// <summary>An edit of a service's manifest was refused; the service keeps its last good manifest until it is fixed.</summary>
public sealed record ManifestNotLoaded : DeployerEvent
{
    public required string ManifestService { get; init; }

    public required string File { get; init; }

    /// <summary><c>path: problem</c> pairs, as the loader reported them.</summary>
    public required IReadOnlyList<ManifestProblem> Problems { get; init; }

    public override string Service => ManifestService;
}
