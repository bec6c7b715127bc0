using Deployer.Core.Verification;

namespace Deployer.Core.Events;

/// <summary>A promoted release stayed healthy for its whole window: promotions out of its stage may go on.</summary>
public sealed record Verified : DeployerEvent
{
    public required StageVerification Verification { get; init; }

    public override string Service => Verification.Service;
}
