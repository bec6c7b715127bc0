namespace Deployer.Core.Manifests;

/// <summary>The upstream release must be at least <see cref="Min"/> old (bake time).</summary>
public sealed record ReleaseAgeSpec(TimeSpan Min, CheckMode Mode = CheckMode.Enforce);
