namespace Deployer.Core.Manifests;

/// <summary>An immutable <see cref="IManifestCatalog"/> over an already loaded set of manifests.</summary>
public sealed class ManifestCatalog : IManifestCatalog
{
    private readonly Dictionary<string, ServiceManifest> _byService;

    public ManifestCatalog(IEnumerable<ServiceManifest> manifests, IEnumerable<ManifestError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        All = manifests.ToList();
        Errors = errors?.ToList() ?? [];
        _byService = new Dictionary<string, ServiceManifest>(StringComparer.OrdinalIgnoreCase);
        foreach (var manifest in All)
        {
            if (!_byService.TryAdd(manifest.Service, manifest))
            {
                throw new ArgumentException($"service '{manifest.Service}' appears twice", nameof(manifests));
            }
        }
    }

    public ManifestCatalog(ManifestLoadResult result)
        : this((result ?? throw new ArgumentNullException(nameof(result))).Manifests, result.Errors)
    {
    }

    public IReadOnlyList<ServiceManifest> All { get; }

    public IReadOnlyList<ManifestError> Errors { get; }

    public ServiceManifest? Find(string service) =>
        service is not null && _byService.TryGetValue(service, out var manifest) ? manifest : null;
}
