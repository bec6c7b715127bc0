using System.Diagnostics.CodeAnalysis;

namespace Deployer.Core.Manifests;

/// <summary>One manifest text parsed: the manifest, or every error found in it.</summary>
public sealed record ManifestParseResult(ServiceManifest? Manifest, IReadOnlyList<ManifestError> Errors)
{
    [MemberNotNullWhen(true, nameof(Manifest))]
    public bool Succeeded => Manifest is not null && Errors.Count == 0;

    public static ManifestParseResult Success(ServiceManifest manifest) => new(manifest, []);

    public static ManifestParseResult Failure(IReadOnlyList<ManifestError> errors) => new(null, errors);
}
