namespace Deployer.Core.Manifests;

/// <summary>Only promote commits that are on <see cref="Name"/> (the manifest's <c>branch</c> by default).</summary>
public sealed record BranchSpec(string? Name = null, CheckMode Mode = CheckMode.Enforce);
