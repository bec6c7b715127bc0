namespace Deployer.Core.Manifests;

/// <summary>The loaded manifests, looked up by service name, plus the files that failed to load.</summary>
public interface IManifestCatalog
{
    IReadOnlyList<ServiceManifest> All { get; }

    /// <summary>The manifest of <paramref name="service"/> (case-insensitive), or null.</summary>
    ServiceManifest? Find(string service);

    /// <summary>What was wrong with the manifests that were not loaded.</summary>
    IReadOnlyList<ManifestError> Errors { get; }
}
