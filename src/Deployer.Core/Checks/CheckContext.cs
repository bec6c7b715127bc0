using Deployer.Core.Engine;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;

namespace Deployer.Core.Checks;

/// <summary>Everything a check may look at for one stage pair in one cycle.</summary>
public sealed record CheckContext
{
    public required ServiceManifest Manifest { get; init; }
    public required StageSpec From { get; init; }
    public required StageSpec To { get; init; }

    /// <summary>The checks in force for promotions into <see cref="To"/> (stage overrides applied).</summary>
    public required ChecksSpec Checks { get; init; }

    /// <summary>The upstream release to promote; null when upstream has none.</summary>
    public Release? Upstream { get; init; }

    /// <summary>The newest creation time among upstream targets: the moment the release was live everywhere upstream.</summary>
    public DateTimeOffset? UpstreamLiveSince { get; init; }

    public required IReadOnlyList<TargetState> UpstreamTargets { get; init; }
    public required DateTimeOffset Now { get; init; }
    public IReadOnlyList<Hold> Holds { get; init; } = [];

    /// <summary>Why the holds could not be read, when they could not: the hold check is then Unknown (fail closed).</summary>
    public string? HoldsUnreadable { get; init; }
    public required CycleSources Sources { get; init; }

    /// <summary>The pipeline's stage verifications (for <c>verified</c> and <c>rejected</c>).</summary>
    public IReadOnlyList<Verification.StageVerification> Verifications { get; init; } = [];

    /// <summary>Why the verifications could not be read, when they could not: <c>verified</c> and <c>rejected</c> are then Unknown.</summary>
    public string? VerificationsUnreadable { get; init; }
}
