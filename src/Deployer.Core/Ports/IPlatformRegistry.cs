using Deployer.Core.Manifests;

namespace Deployer.Core.Ports;

/// <summary>Finds the platform that serves a manifest's <c>platform.kind</c>.</summary>
public interface IPlatformRegistry
{
    IReleasePlatform For(ServiceManifest manifest);
}
