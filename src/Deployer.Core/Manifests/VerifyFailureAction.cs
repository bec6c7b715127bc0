namespace Deployer.Core.Manifests;

/// <summary>What a failed verification does besides rejecting the commit: always hold the stage, and with <see cref="Rollback"/> roll it back too.</summary>
public enum VerifyFailureAction
{
    Hold,
    Rollback,
}
