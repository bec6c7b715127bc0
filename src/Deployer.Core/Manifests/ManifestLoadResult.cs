namespace Deployer.Core.Manifests;

/// <summary>The manifests that loaded and the errors of those that did not.</summary>
public sealed record ManifestLoadResult(IReadOnlyList<ServiceManifest> Manifests, IReadOnlyList<ManifestError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
