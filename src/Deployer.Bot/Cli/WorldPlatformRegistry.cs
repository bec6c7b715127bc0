using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Bot.Cli;

/// <summary>Serves one platform for every manifest, whatever its kind: <c>plan --world</c> reads all releases from the world (<c>LocalPlatform.ForWorld</c>).</summary>
internal sealed class WorldPlatformRegistry(IReleasePlatform platform) : IPlatformRegistry
{
    public IReleasePlatform For(ServiceManifest manifest) => platform;
}
