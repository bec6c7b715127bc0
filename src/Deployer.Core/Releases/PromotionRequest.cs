using Deployer.Core.Manifests;

namespace Deployer.Core.Releases;

/// <summary>Promote <see cref="Release"/> (running on <see cref="SourceTarget"/>) to <see cref="Targets"/>.</summary>
public sealed record PromotionRequest(
    ServiceManifest Manifest,
    string FromStage,
    string ToStage,
    string SourceTarget,
    Release Release,
    IReadOnlyList<string> Targets);
