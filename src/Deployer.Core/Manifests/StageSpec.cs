namespace Deployer.Core.Manifests;

/// <summary>A named step of a pipeline with its targets; its checks gate promotions into it.</summary>
public sealed record StageSpec
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    public ChecksSpec? Checks { get; init; }
}
