using Deployer.Core.Releases;

namespace Deployer.Core.Ports;

/// <summary>
/// A release a platform told us about for one target (e.g. a Heroku webhook delivery), resolved to the target's state
/// when its pipeline is evaluated, so that evaluation need not read the whole pipeline again.
/// </summary>
public interface IAnnouncedRelease
{
    /// <summary>The manifest target the release landed on.</summary>
    string Target { get; }

    /// <summary>The target's state with this release (may call the platform once, e.g. for the slug's commit).</summary>
    Task<TargetState> ResolveAsync(CancellationToken cancellationToken);
}
