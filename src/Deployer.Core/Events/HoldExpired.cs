using Deployer.Core.Holds;

namespace Deployer.Core.Events;

/// <summary>A hold reached its expiry and was lifted by the engine.</summary>
public sealed record HoldExpired : DeployerEvent
{
    public required Hold Hold { get; init; }

    public override string Service => Hold.Service;
}
