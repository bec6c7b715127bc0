using Deployer.Core.Manifests;
using Deployer.Core.Verification;

namespace Deployer.Core.Events;

/// <summary>
/// A promoted release failed verification: <see cref="Check"/> failed during the window. The stage is held by
/// <c>deployer</c> and the commit rejected there; with <see cref="OnFailure"/> rollback the stage is rolled back too.
/// Announced with <b>Roll back</b> and <b>Keep</b> buttons.
/// </summary>
public sealed record VerificationFailed : DeployerEvent
{
    public required StageVerification Verification { get; init; }

    /// <summary>The failing health check's kind (<c>alerts</c>, <c>incidents</c>, <c>targets</c>).</summary>
    public required string Check { get; init; }

    /// <summary>Its reason, e.g. <c>router is up: firing (RouterDown severity=critical)</c>.</summary>
    public required string CheckReason { get; init; }

    public VerifyFailureAction OnFailure { get; init; } = VerifyFailureAction.Hold;

    public override string Service => Verification.Service;
}
