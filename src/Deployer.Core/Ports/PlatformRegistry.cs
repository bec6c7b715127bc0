using Deployer.Core.Manifests;

namespace Deployer.Core.Ports;

/// <summary>Platforms keyed by kind; a manifest naming an unknown kind is a configuration error.</summary>
public sealed class PlatformRegistry(IEnumerable<IReleasePlatform> platforms) : IPlatformRegistry
{
    private readonly Dictionary<string, IReleasePlatform> _byKind =
        platforms.ToDictionary(p => p.Kind, StringComparer.OrdinalIgnoreCase);

    public IReleasePlatform For(ServiceManifest manifest) =>
        _byKind.TryGetValue(manifest.Platform.Kind, out var platform)
            ? platform
            : throw new InvalidOperationException(
                $"{manifest.Service}: platform kind '{manifest.Platform.Kind}' is not configured (known: {string.Join(", ", _byKind.Keys)})");
}
