using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Integrations.Heroku;

/// <summary>A release object from a Heroku webhook delivery, for one manifest target.</summary>
internal sealed class AnnouncedHerokuRelease(HerokuPlatform platform, string target, HerokuRelease release) : IAnnouncedRelease
{
    public string Target => target;

    public Task<TargetState> ResolveAsync(CancellationToken cancellationToken) => platform.ResolveAsync(target, release, cancellationToken);
}
