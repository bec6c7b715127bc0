using Deployer.Core.Manifests;
using Deployer.Core.Promotions;

namespace Deployer.Core.Releases;

/// <summary>Return each of <see cref="Targets"/> (of <see cref="Stage"/>) to the release it names.</summary>
public sealed record RollbackPlan(ServiceManifest Manifest, string Stage, IReadOnlyList<PreviousRelease> Targets)
{
    public IReadOnlyList<string> TargetNames => [.. Targets.Select(t => t.Target)];
}
