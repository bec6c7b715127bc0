using Deployer.Core.Verification;

namespace Deployer.Core.Events;

/// <summary>A verification window ended early: a target no longer runs the promoted release (not a failure).</summary>
public sealed record VerificationSuperseded : DeployerEvent
{
    public required StageVerification Verification { get; init; }

    public override string Service => Verification.Service;
}
