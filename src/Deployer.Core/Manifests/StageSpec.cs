namespace Deployer.Core.Manifests;

/// <summary>A named step of a pipeline with its targets; its checks gate promotions into it.</summary>
public sealed record StageSpec
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    public ChecksSpec? Checks { get; init; }

    /// <summary>This stage's <c>verify</c> block with the pipeline's filled in; null: the pipeline's.</summary>
    public VerifySpec? Verify { get; init; }
}
