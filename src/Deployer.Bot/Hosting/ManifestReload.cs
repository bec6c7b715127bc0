using Deployer.Core.Manifests;

namespace Deployer.Bot.Hosting;

/// <summary>What one re-read of the manifest folder changed, and the new problems it found.</summary>
public sealed record ManifestReload(
    IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed,
    IReadOnlyList<ServiceManifest> Kept, IReadOnlyList<ManifestError> Errors);
