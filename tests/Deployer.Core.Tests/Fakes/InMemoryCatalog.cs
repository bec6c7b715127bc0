using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Fakes;

public sealed class InMemoryCatalog(IEnumerable<ServiceManifest> manifests) : IManifestCatalog
{
    public IReadOnlyList<ServiceManifest> All { get; } = manifests.ToList();

    public IReadOnlyList<ManifestError> Errors { get; } = [];

    public ServiceManifest? Find(string service) =>
        All.FirstOrDefault(m => string.Equals(m.Service, service, StringComparison.OrdinalIgnoreCase));
}
